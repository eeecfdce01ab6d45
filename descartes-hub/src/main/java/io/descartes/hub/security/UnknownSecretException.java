package io.descartes.hub.security;

import java.util.List;

/** Secrets asked for by name that the vault does not hold; the message lists names only. */
public final class UnknownSecretException extends IllegalArgumentException {

    private final List<String> names;

    UnknownSecretException(List<String> names) {
        super("unknown secret(s): " + String.join(", ", names));
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }
}
