package io.descartes.hub.quota;

/** A frame over its peer's ingest quota: answered with a {@code rate_limited} error reply, nothing stored. */
public final class QuotaExceededException extends RuntimeException {

    /** The error reply's {@code data.code}. */
    public static final String CODE = "rate_limited";

    private final String requestId;

    QuotaExceededException(String message, String requestId) {
        // a flood makes many of these: no stack trace, it would only cost time
        super(message, null, false, false);
        this.requestId = requestId;
    }

    /** The request id read from the frame's head, else "". */
    public String requestId() {
        return requestId;
    }
}
