package io.descartes.hub.zmq;

import java.util.Set;

/**
 * The CURVE client public keys (Z85) a server admits. Asked at every handshake by the ZAP handler, so a set that
 * changes while the hub runs (keys issued and revoked) takes effect on the next connection.
 */
@FunctionalInterface
public interface ClientKeys {

    boolean admits(String z85PublicKey);

    /** A fixed set of keys, each checked to be a Z85 key. */
    static ClientKeys of(Set<String> keys) {
        Set<String> copy = Set.copyOf(keys);
        copy.forEach(k -> ServerCurve.requireKey("allowed CURVE client key", k));
        return copy::contains;
    }
}
