package io.descartes.hub.protocol;

/**
 * A frame or value that does not follow the protocol. Raised for every bad input, never replaced by null.
 * Carries the field path where the problem was found and the request id of the frame when it could be read.
 */
public class ProtocolException extends RuntimeException {

    private final ErrorCode code;
    private final String reason;
    private final String field;
    private final String requestId;

    public ProtocolException(ErrorCode code, String reason) {
        this(code, reason, null, "", null);
    }

    public ProtocolException(ErrorCode code, String reason, Throwable cause) {
        this(code, reason, null, "", cause);
    }

    private ProtocolException(ErrorCode code, String reason, String field, String requestId, Throwable cause) {
        // bad frames are data, not bugs: a stack trace would only cost time when peers send garbage
        super(field == null ? reason : "field " + field + ": " + reason, cause, false, false);
        this.code = code;
        this.reason = reason;
        this.field = field;
        this.requestId = requestId == null ? "" : requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request id of the offending frame (array position 1 or the map's {@code request_id}), else "". */
    public String requestId() {
        return requestId;
    }

    /** Dotted path of the field that failed, e.g. {@code agent_info.id}; null when not about a field. */
    public String field() {
        return field;
    }

    /** The same problem seen from the enclosing struct field or list element ({@code [i]}). */
    ProtocolException inField(String name) {
        String path = field == null ? name : field.startsWith("[") ? name + field : name + "." + field;
        return new ProtocolException(code, reason, path, requestId, getCause());
    }

    ProtocolException withRequestId(String id) {
        return new ProtocolException(code, reason, field, id, getCause());
    }
}
