package io.descartes.hub.testing;

/**
 * The bearer token hub tests configure ({@link #PROPERTY} in a test's properties) and send
 * ({@code Authorization: }{@link #HEADER}).
 */
public final class TestAuth {

    public static final String TOKEN = "test-token";
    public static final String PROPERTY = "hub.security.token=" + TOKEN;
    public static final String HEADER = "Bearer " + TOKEN;

    private TestAuth() {
    }
}
