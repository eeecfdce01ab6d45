package io.descartes.hub.curve;

/** A frame from a CURVE client whose key is no longer admitted (revoked after it connected). */
public final class RefusedClientException extends RuntimeException {

    public RefusedClientException() {
        super("client key not admitted (revoked or unknown): reconnect with an issued key");
    }
}
