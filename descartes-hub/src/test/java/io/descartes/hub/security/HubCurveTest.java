package io.descartes.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.testing.HandshakeMonitor;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.zmq.ServerCurve;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** hub.zmq.curve.enabled=true: the command endpoint serves allowed CURVE clients only. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:HubCurveTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:HubCurveTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:HubCurveTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:HubCurveTest.pub}}",
                "hub.db.url={{test-db:" + HubCurveTest.DB + "}}", "camel.main.routes-reload-enabled=false",
                TestAuth.PROPERTY, "hub.zmq.curve.enabled=true",
                "hub.zmq.curve.public-key=" + HubCurveTest.SERVER_PUBLIC, "hub.zmq.curve.secret-key=" + HubCurveTest.SERVER_SECRET,
                "hub.zmq.curve.allowed-clients=" + HubCurveTest.CLIENT_PUBLIC})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubCurveTest {

    static final String DB = "target/hub-curve-test.db";
    // test-only key pairs (Z85), generated with ZMQ.Curve.generateKeyPair() and picked for holding "{{" and "}}",
    // Camel's placeholder tokens, which Z85 keys hold now and then and the hub must read as they are
    static final String SERVER_PUBLIC = "J![o)IE3y@(PZx3TUW>fLKEaHSxXgxUVSA!@7Nt#";
    static final String SERVER_SECRET = "pjys?glDRQy}#Ty873M]t%PnS2${{u[AoTot>K4Z";
    static final String CLIENT_PUBLIC = "vo#H/[!o4Lm{evK1EL8*}})L0[Z$k^E>TnO[!fOj";
    private static final String CLIENT_SECRET = "i!y7?Y+!1ke9fJ(-2-Qvgs3l#:u.{.jSRXCW:(&>";
    private static final String COMMANDS = TestPorts.tcp("HubCurveTest.command");

    static {
        TestDatabase.reset(DB);
    }

    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void anAllowedKeyIsServedAndOthersGetNothingThrough() throws Exception {
        try (ZContext ctx = new ZContext()) {
            ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();
            HandshakeMonitor.awaitRefusal(ctx, request(ctx), COMMANDS, "unkeyed");
            HandshakeMonitor.awaitRefusal(ctx, HandshakeMonitor.withCurve(request(ctx), SERVER_PUBLIC,
                    stranger.publicKey, stranger.secretKey), COMMANDS, "unlisted");

            ZMQ.Socket allowed = HandshakeMonitor.withCurve(request(ctx), SERVER_PUBLIC, CLIENT_PUBLIC, CLIENT_SECRET);
            allowed.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(60));
            allowed.connect(COMMANDS);
            allowed.send(codec.encode(new HealthCheckRequest("curve-1")));
            HealthCheckResponse reply = assertInstanceOf(HealthCheckResponse.class, codec.decode(allowed.recv()));
            assertEquals("curve-1", reply.requestId());
        }
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters"), "refused clients sent nothing in");
    }

    @Test
    void serverCurveKeysAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ServerCurve(SERVER_PUBLIC, "short", Set.of()));
        assertTrue(ServerCurve.keys(" a , ,b ").containsAll(Set.of("a", "b")));
    }

    private static ZMQ.Socket request(ZContext ctx) {
        ZMQ.Socket socket = ctx.createSocket(SocketType.REQ);
        socket.setHandshakeIvl(1000);
        return socket;
    }
}
