package io.descartes.hub.curve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.testing.HandshakeMonitor;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubKeys;
import io.descartes.hub.testing.LibzmqPeer;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** /api/zmq/clients over real HTTP and real CURVE sockets: issued keys are served, revoked ones refused at once. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:ZmqKeysTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:ZmqKeysTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:ZmqKeysTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:ZmqKeysTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + ZmqKeysTest.DB, "camel.main.routes-reload-enabled=false", TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZmqKeysTest {

    static final String DB = "target/zmq-keys-test.db";
    private static final String COMMANDS = TestPorts.tcp("ZmqKeysTest.command");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("ZmqKeysTest.http"));
    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void anIssuedKeyIsServedAndOnceRevokedItsNextFrameAndNextHandshakeAreRefused() throws Exception {
        JsonNode issued = http.send("POST", "/api/zmq/clients", "{\"name\":\"ci-bot\"}").json();
        assertEquals(HubKeys.serverPublicKey(), issued.path("server_public_key").asText());
        CurveCertificate pair = new CurveCertificate(issued.path("public_key").asText(), issued.path("secret_key").asText());
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket dealer = HubKeys.authenticate(socket(ctx), pair);
            dealer.connect(COMMANDS);
            assertInstanceOf(HealthCheckResponse.class, call(dealer, "issued-1"));

            HubHttp.Reply revoked = http.send("DELETE", "/api/zmq/clients/ci-bot", null);
            assertEquals(200, revoked.status(), revoked.body());
            assertFalse(revoked.json().path("revoked_at").isNull());
            long events = TestDatabase.queryLong(DB, "SELECT count(*) FROM events");

            CommandResponse refused = assertInstanceOf(CommandResponse.class, call(dealer, "revoked-1"));
            assertFalse(refused.success());
            assertEquals("unauthorized", refused.data().path("code").asText());
            assertEquals(events, TestDatabase.queryLong(DB, "SELECT count(*) FROM events"), "the refused frame is not recorded");
            assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters"));

            HandshakeMonitor.awaitRefusal(ctx, HubKeys.authenticate(socket(ctx), pair), COMMANDS, "", "again");
        }
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'zmq_client_issued'"
                + " AND content LIKE '%\"ci-bot\"%'"));
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'zmq_client_revoked'"
                + " AND content LIKE '%\"ci-bot\"%'"));
    }

    @Test
    void aClientWithItsOwnKeyPairIsServedAfterItsPublicKeyIsRegistered() throws Exception {
        ZMQ.Curve.KeyPair own = ZMQ.Curve.generateKeyPair();
        HubHttp.Reply registered = http.send("POST", "/api/zmq/clients",
                HubHttp.json(Map.of("name", "own-pair", "public_key", own.publicKey)));
        assertEquals(201, registered.status(), registered.body());
        assertTrue(registered.json().path("secret_key").isMissingNode(), "the hub never had this secret");
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket dealer = HubKeys.authenticate(socket(ctx), new CurveCertificate(own.publicKey, own.secretKey));
            dealer.connect(COMMANDS);
            assertInstanceOf(HealthCheckResponse.class, call(dealer, "own-1"));
        }
    }

    @Test
    void requestsAreValidatedLikeTheOtherApis() throws Exception {
        assertEquals(400, http.send("POST", "/api/zmq/clients", "{\"name\":\"x\",\"extra\":1}").status());
        assertEquals(400, http.send("POST", "/api/zmq/clients", "{\"name\":\"../etc\"}").status());
        assertEquals(400, http.send("POST", "/api/zmq/clients", "{\"name\":\"" + "n".repeat(200) + "\"}").status());
        assertEquals(400, http.send("POST", "/api/zmq/clients", "{\"name\":7}").status());
        assertEquals(400, http.send("POST", "/api/zmq/clients", "{\"name\":\"short-key\",\"public_key\":\"abc\"}").status());
        assertEquals(400, http.send("POST", "/api/zmq/clients",
                "{\"name\":\"not-z85\",\"public_key\":\"" + "\\\"".repeat(40) + "\"}").status());
        assertEquals(409, http.send("POST", "/api/zmq/clients", "{\"name\":\"local\"}").status(), "names are unique");
        assertEquals(409, http.send("POST", "/api/zmq/clients", HubHttp.json(Map.of("name", "copy",
                "public_key", HubKeys.client().publicKey()))).status(), "keys are unique");
        assertEquals(404, http.send("DELETE", "/api/zmq/clients/nobody-here", null).status());
        assertEquals(401, http.send("GET", "/api/zmq/clients", null, null).status());

        JsonNode list = http.send("GET", "/api/zmq/clients", null).json();
        assertEquals(HubKeys.serverPublicKey(), list.path("server_public_key").asText());
        boolean local = false;
        for (JsonNode client : list.path("clients")) {
            local |= client.path("name").asText().equals("local")
                    && client.path("public_key").asText().equals(HubKeys.client().publicKey());
            assertTrue(client.path("secret_key").isMissingNode(), "a listing never holds secrets");
        }
        assertTrue(local, "the local client certificate is registered: " + list);
    }

    @Test
    void anIssuedCertificateFileServesAPyzmqClientThroughZmqAuth() throws Exception {
        LibzmqPeer.assumeAvailable();
        JsonNode issued = http.send("POST", "/api/zmq/clients", "{\"name\":\"py-cli\"}").json();
        Path certificate = Path.of("target", "zmq-keys-test-py-cli.key_secret");
        Files.deleteIfExists(certificate);
        Files.createFile(certificate, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(certificate, issued.path("certificate").asText());
        List<JsonNode> steps = LibzmqPeer.runScript("/peers/issued_client_peer.py", COMMANDS,
                certificate.toAbsolutePath().toString(), HubKeys.FOLDER.resolve("server.key").toAbsolutePath().toString());
        assertEquals("health_check_response", steps.get(0).path("value").get(0).asText(), steps.toString());
    }

    private static ZMQ.Socket socket(ZContext ctx) {
        ZMQ.Socket socket = ctx.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setReceiveTimeOut(10_000);
        socket.setHandshakeIvl(1_000);
        return socket;
    }

    private Object call(ZMQ.Socket dealer, String requestId) {
        dealer.sendMore(new byte[0]);
        dealer.send(codec.encode(new HealthCheckRequest(requestId)));
        byte[] delimiter = dealer.recv();
        if (delimiter == null) {
            throw new AssertionError("no reply from the hub within 10 s");
        }
        return codec.decode(dealer.recv());
    }
}
