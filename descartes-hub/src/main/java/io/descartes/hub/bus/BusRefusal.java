package io.descartes.hub.bus;

/**
 * A bus request the hub refuses, answered with a {@code bus_reply} (ZeroMQ) or an HTTP error carrying {@link #code()}:
 * the caller's doing, never the hub's, so nothing of it is stored.
 */
public final class BusRefusal extends RuntimeException {

    private final String code;

    private BusRefusal(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static BusRefusal invalid(String message) {
        return new BusRefusal("invalid_field", message);
    }

    public static BusRefusal forbidden(String message) {
        return new BusRefusal("forbidden", message);
    }

    public static BusRefusal noRecipient(String message) {
        return new BusRefusal("no_recipient", message);
    }

    public static BusRefusal unknownRequest(String message) {
        return new BusRefusal("unknown_request", message);
    }

    public String code() {
        return code;
    }

    /** The HTTP status that fits: 403 forbidden, 404 unknown request, 400 otherwise. */
    public int httpStatus() {
        return switch (code) {
            case "forbidden" -> 403;
            case "unknown_request" -> 404;
            default -> 400;
        };
    }
}
