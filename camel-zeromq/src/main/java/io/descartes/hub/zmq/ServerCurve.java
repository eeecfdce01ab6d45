package io.descartes.hub.zmq;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.zeromq.ZMQ;

/**
 * A CURVE server's key pair and the clients it admits (null = any client that knows the server's public key).
 */
public record ServerCurve(String publicKey, String secretKey, ClientKeys allowedClients) {

    public ServerCurve {
        requireKey("CURVE server secret key", secretKey);
        if (publicKey != null) {
            requireKey("CURVE server public key", publicKey);
        }
    }

    /** With a fixed allow-list; empty = any client that knows the server's public key. */
    public ServerCurve(String publicKey, String secretKey, Set<String> allowedClients) {
        this(publicKey, secretKey, allowedClients.isEmpty() ? null : ClientKeys.of(allowedClients));
    }

    /** Comma-separated Z85 keys; null or blank = none. */
    public static Set<String> keys(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    static void requireKey(String what, String key) {
        if (key == null || key.length() != ZMQ.Curve.KEY_SIZE_Z85) {
            throw new IllegalArgumentException(what + " must be a Z85 key of " + ZMQ.Curve.KEY_SIZE_Z85 + " characters");
        }
    }
}
