package io.descartes.hub.protocol;

import java.util.Locale;

/** Why a frame was refused; {@link #wire()} is the value of {@code data.code} in the error reply (PROTOCOL §12.2). */
public enum ErrorCode {
    /** Not a readable msgpack message: empty, truncated, garbage, no tag. */
    MALFORMED,
    /** Larger than the configured frame limit. */
    OVERSIZE,
    /** The tag names no known message. */
    UNKNOWN_TYPE,
    /** A known message that is not acceptable here, e.g. a response sent as a request. */
    UNEXPECTED_TYPE,
    /** Known message whose fields are missing, mistyped or out of range. */
    INVALID_FIELD,
    /** A well-formed message its sender may not send: about an agent or runner another peer owns. */
    FORBIDDEN;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
