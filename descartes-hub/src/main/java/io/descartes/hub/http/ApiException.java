package io.descartes.hub.http;

/** A request the API refuses, with the HTTP status that says why (400 bad input, 404 unknown). */
public final class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public int status() {
        return status;
    }
}
