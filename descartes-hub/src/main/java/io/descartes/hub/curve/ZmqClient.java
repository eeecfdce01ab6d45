package io.descartes.hub.curve;

/** A row of {@code zmq_clients}: a client's name and CURVE public key; revokedAt null while it may connect. */
public record ZmqClient(String name, String publicKey, long createdAt, Long revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
