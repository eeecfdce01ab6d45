package io.descartes.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.descartes.hub.app.HubApplication;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request parameters stay request parameters: never response headers, never a 500; the query token only for /ws/events. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:HttpSurfaceTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:HttpSurfaceTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:HttpSurfaceTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:HttpSurfaceTest.pub}}",
                "hub.db.url={{test-db:" + HttpSurfaceTest.DB + "}}", "camel.main.routes-reload-enabled=false",
                TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSurfaceTest {

    static final String DB = "target/http-surface-test.db";
    private static final int PORT = TestPorts.port("HttpSurfaceTest.http");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(PORT);

    @BeanInject
    CamelContext context;

    /** A route that shows what it got, as an integration engineer's logging or forwarding route would. */
    @Test
    void theBearerTokenNeverReachesARoute() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/api/test/headers").setBody(e -> e.getIn().getHeaders().toString());
            }
        });
        HubHttp.Reply reply = http.send("GET", "/api/test/headers", null);
        assertEquals(200, reply.status(), reply.body());
        assertFalse(reply.body().contains(TestAuth.TOKEN), reply.body());
        assertFalse(reply.body().toLowerCase().contains("authorization"), reply.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/leases", "/api/events", "/api/agents", "/health", "/api/secrets"})
    void queryParametersAreNotEchoedAsResponseHeaders(String path) throws Exception {
        HubHttp.Reply reply = http.send("GET", path + "?Location=http://evil&Set-Cookie=session%3Devil&X-Echo=1", null);
        assertTrue(reply.status() < 500, path + " answered " + reply.status() + ": " + reply.body());
        var headers = reply.response().headers();
        assertFalse(headers.firstValue("Location").isPresent(), path + ": " + headers.map());
        assertFalse(headers.firstValue("Set-Cookie").isPresent(), path + ": " + headers.map());
        assertFalse(headers.firstValue("X-Echo").isPresent(), path + ": " + headers.map());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/events?session_id=%00", "/api/leases?x=a%0d%0aSet-Cookie:%20evil",
            "/api/events?agent_id=%0a", "/health?%00=1"})
    void controlCharactersOrBrokenEncodingInTheQueryAre400(String pathAndQuery) throws Exception {
        HubHttp.Reply reply = http.send("GET", pathAndQuery, null);
        assertEquals(400, reply.status(), pathAndQuery + ": " + reply.body());
        assertEquals(400, reply.json().get("status").asInt());
        assertTrue(reply.json().get("error").asText().contains("query"), reply.body());
    }

    @Test
    void aFormBodyIsRefusedAndNotEchoed() throws Exception {
        for (String path : new String[] {"/api/leases", "/api/agents", "/api/secrets"}) {
            HttpResponse<String> response = HubHttp.client().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + PORT + path))
                    .header("Authorization", TestAuth.HEADER)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("Set-Cookie=session%3Devil&Location=http%3A%2F%2Fevil"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(415, response.statusCode(), path + ": " + response.body());
            assertFalse(response.headers().firstValue("Set-Cookie").isPresent(), path);
            assertFalse(response.headers().firstValue("Location").isPresent(), path);
        }
        assertEquals(0, http.send("GET", "/api/leases", null).json().get("leases").size(), "nothing was granted");
    }

    @Test
    void theDeleteOfALeaseStillReadsItsQuery() throws Exception {
        HubHttp.Reply granted = http.send("POST", "/api/leases",
                "{\"resource\":\"surface-r\",\"holder\":\"h1\",\"ttl_ms\":60000}");
        assertEquals(201, granted.status(), granted.body());
        long token = granted.json().get("token").asLong();
        assertEquals(200, http.send("DELETE", "/api/leases/surface-r?holder=h1&token=" + token, null).status());
        assertEquals(400, http.send("DELETE", "/api/leases/surface-r?holder=h1&token=1&Location=x", null).status());
    }

    @Test
    void theQueryTokenIsTakenOnlyByTheStreamUpgrades() throws Exception {
        String upgrade = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        String query = "?access_token=" + TestAuth.TOKEN;
        for (String path : new String[] {"/api/events", "/api/leases", "/observe/metrics", "/ws/other", "/ws/bus"}) {
            assertTrue(raw("GET " + path + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + upgrade + "\r\n")
                    .startsWith("HTTP/1.1 401"), path);
        }
        assertTrue(raw("GET /ws/events" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + upgrade + "\r\n")
                .startsWith("HTTP/1.1 101"), "the event stream still takes it");
        assertTrue(raw("GET /ws/bus/channels/surface" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + upgrade + "\r\n")
                .startsWith("HTTP/1.1 101"), "so does a bus channel's stream");
    }

    /** One request on a fresh connection, as written: the JDK client will not send Upgrade itself. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                head.write(b);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
