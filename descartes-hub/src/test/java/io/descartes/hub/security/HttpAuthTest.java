package io.descartes.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One bearer-token check in front of everything on the HTTP port: API routes, management, WebSocket. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:HttpAuthTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:HttpAuthTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:HttpAuthTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:HttpAuthTest.pub}}",
                "hub.db.url={{test-db:" + HttpAuthTest.DB + "}}", "camel.main.routes-reload-enabled=false",
                TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpAuthTest {

    static final String DB = "target/http-auth-test.db";
    private static final int PORT = TestPorts.port("HttpAuthTest.http");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(PORT);

    @ParameterizedTest
    @ValueSource(strings = {"/api/events", "/api/events/1", "/api/dead-letters", "/observe/metrics",
            "/observe/health", "/observe/info", "/q/dev", "/no/such/path"})
    void everythingButTheOpenPathsNeedsTheToken(String path) throws Exception {
        for (String authorization : new String[] {null, "Bearer wrong-token", "Bearer ", "Basic dGVzdC10b2tlbg==",
                TestAuth.HEADER + "x"}) {
            HubHttp.Reply reply = http.send("GET", path, null, authorization);
            assertEquals(401, reply.status(), path + " with " + authorization);
            assertEquals(BearerTokenAuth.UNAUTHORIZED, reply.body());
            assertEquals("Bearer", reply.response().headers().firstValue("WWW-Authenticate").orElse(""));
        }
    }

    @Test
    void theRightTokenIsLetThrough() throws Exception {
        assertEquals(200, http.send("GET", "/api/events", null).status());
        assertEquals(200, http.send("GET", "/observe/metrics", null).status());
        assertEquals(200, http.send("GET", "/api/events", null, "bearer " + TestAuth.TOKEN).status());
    }

    @Test
    void theTokenIsNotAcceptedInTheQueryOfPlainRequests() throws Exception {
        assertEquals(401, http.send("GET", "/api/events?access_token=" + TestAuth.TOKEN, null, null).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/observe/health/live", "/observe/health/ready"})
    void healthAndProbesAreOpen(String path) throws Exception {
        assertTrue(http.send("GET", path, null, null).status() != 401, path);
    }

    @Test
    void webSocketWithoutOrWithAWrongTokenIsRefused() {
        for (String header : new String[] {null, "Bearer wrong-token"}) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> openSocket("", header));
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(401, refused.getResponse().statusCode());
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> openSocket("?access_token=wrong", null));
        assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
    }

    @Test
    void webSocketTakesTheTokenAsHeaderOrQueryParameter() throws Exception {
        openSocket("", TestAuth.HEADER).sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);
        openSocket("?access_token=" + TestAuth.TOKEN, null).sendClose(WebSocket.NORMAL_CLOSURE, "")
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void authCannotBeSwitchedOffBeyondLoopback(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AccessToken.resolve("0.0.0.0", false, "", dir.resolve("hub-token")));
        assertTrue(e.getMessage().contains("hub.security.auth-on-loopback=false"), e.getMessage());
    }

    @Test
    void aGeneratedTokenIsKeptInAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub").resolve("hub-token");
        AccessToken first = AccessToken.resolve("127.0.0.1", true, "", file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String value = Files.readString(file).trim();
        assertTrue(first.matches(value));
        assertFalse(first.toString().contains(value));
        assertTrue(AccessToken.resolve("127.0.0.1", true, "", file).matches(value), "the second start reads it back");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThrows(IllegalStateException.class, () -> AccessToken.resolve("127.0.0.1", true, "", file));
    }

    private WebSocket openSocket(String query, String authorization) throws Exception {
        WebSocket.Builder builder = HubHttp.client().newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + PORT + "/ws/events" + query),
                new WebSocket.Listener() { }).get(30, TimeUnit.SECONDS);
    }
}
