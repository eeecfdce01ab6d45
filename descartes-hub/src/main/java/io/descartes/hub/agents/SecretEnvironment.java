package io.descartes.hub.agents;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.descartes.hub.security.Names;
import io.descartes.hub.security.SecretVault;
import io.descartes.hub.security.UnknownSecretException;

/**
 * The secrets a spawn asks for by name (metadata {@value #METADATA_KEY}, comma-separated), resolved into
 * environment variables of the same name. Only names ever leave this class: failures name the secrets,
 * never their values, since failure texts end up in spawn_response events and logs.
 */
public final class SecretEnvironment {

    public static final String METADATA_KEY = "secrets";

    /** Null where no vault is bound (a remote runner's JVM): a spawn asking for secrets fails there. */
    private final SecretVault vault;

    public SecretEnvironment(SecretVault vault) {
        this.vault = vault;
    }

    /** The secret names a spawn's metadata lists, in order; empty when it lists none. */
    public static List<String> names(Map<String, String> metadata) {
        String listed = metadata == null ? null : metadata.get(METADATA_KEY);
        if (listed == null) {
            return List.of();
        }
        return Arrays.stream(listed.split(",")).map(String::trim).filter(n -> !n.isEmpty()).distinct().toList();
    }

    /** Name → value for the spawn's environment; an unknown name fails the spawn (400). */
    public Map<String, String> resolve(Map<String, String> metadata) {
        List<String> names = names(metadata);
        if (names.isEmpty()) {
            return Map.of();
        }
        if (!names.stream().allMatch(n -> Names.SECRET.matcher(n).matches())) {
            // not echoed: the error text is recorded and logged, and a bad name may hold anything
            throw AgentFailure.invalid("metadata '" + METADATA_KEY + "': secret names must match " + Names.SECRET.pattern());
        }
        if (vault == null) {
            throw AgentFailure.invalid("This runner has no secret vault: cannot inject secrets " + String.join(", ", names));
        }
        try {
            return vault.resolve(names);
        } catch (UnknownSecretException e) {
            throw AgentFailure.invalid("Failed to spawn agent: " + e.getMessage());
        } catch (SQLException e) {
            throw AgentFailure.error("Failed to read secrets " + String.join(", ", names) + ": " + e.getMessage());
        }
    }
}
