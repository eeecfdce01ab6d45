package io.descartes.hub.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.testing.HandshakeMonitor;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.LibzmqPeer;
import io.descartes.hub.testing.MetricsScrape;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Issue 15, finding 7, with CURVE: each key has its own quota. Another local user ({@code nobody}) holding a valid key
 * floods the command endpoint with health checks: that key is held to its quota (rate_limited replies, nothing more
 * stored, no dead letter), while another key is served meanwhile. The quota here: 1 frame per second per key, bursts
 * of 40.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:AuthenticatedQuotaTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:AuthenticatedQuotaTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:AuthenticatedQuotaTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:AuthenticatedQuotaTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + AuthenticatedQuotaTest.DB, "camel.main.routes-reload-enabled=false",
                "hub.zmq.curve.enabled=true", "hub.zmq.curve.public-key=" + AuthenticatedQuotaTest.SERVER_PUBLIC,
                "hub.zmq.curve.secret-key=" + AuthenticatedQuotaTest.SERVER_SECRET,
                "hub.zmq.curve.allowed-clients=" + AuthenticatedQuotaTest.FLOODER_PUBLIC + ","
                        + AuthenticatedQuotaTest.CLIENT_PUBLIC,
                "hub.zmq.quota.command.frames-per-second=1",
                "hub.zmq.quota.burst-seconds=" + AuthenticatedQuotaTest.BURST_SECONDS})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticatedQuotaTest {

    static final String DB = "target/authenticated-quota-test.db";
    static final int BURST_SECONDS = 40;
    // test-only key pairs (Z85), made with python3-zmq's zmq.curve_keypair()
    static final String SERVER_PUBLIC = "Mgvz21X[6UkC{:+abx[LqGO{sTlKgHf?OO2jMz2u";
    static final String SERVER_SECRET = "p>m(eSYmyGj+zjrs*&$G>q]N:xCg:PM9q!<NB2vm";
    static final String FLOODER_PUBLIC = "^6{sRH(W%I1k$sxegEn(.p}Ze9P#TVR0ff?tU9Z.";
    private static final String FLOODER_SECRET = "J0-!ocH^W6GYesSCw2no+{heEm!7(*>pVu1qS&3=";
    static final String CLIENT_PUBLIC = ">lN1hlJt>I[zR!3ROvoem$v<Y7%A1qpzOA/h(6z%";
    private static final String CLIENT_SECRET = "tplsqjzxKt/}rP/Wh1u0.EJ)TP3[[^N>DUJKiM<Y";
    private static final String COMMANDS = TestPorts.tcp("AuthenticatedQuotaTest.command");
    /** Before the hub, so before its quotas start filling: the bound below can only be generous. */
    private static final long LOADED_AT = System.nanoTime();

    static {
        TestDatabase.reset(DB);
    }

    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void aFloodingKeyIsHeldToItsQuotaAndAnotherKeyIsServedMeanwhile() throws Exception {
        LibzmqPeer.assumeAvailable();
        // another local user holding a valid key floods with it
        JsonNode totals;
        try (ZContext ctx = new ZContext(); HealthFlooder flooder = HealthFlooder.start(COMMANDS, SERVER_PUBLIC,
                FLOODER_PUBLIC, FLOODER_SECRET)) {
            JsonNode progress = flooder.awaitRefusal();
            assertTrue(progress.get("limited").asLong() > 0,
                    "the flooding key got rate_limited replies: " + progress.get("served") + " served of " + progress.get("sent"));
            ZMQ.Socket client = dealer(ctx, CLIENT_PUBLIC, CLIENT_SECRET);
            client.sendMore(new byte[0]);
            client.send(codec.encode(new HealthCheckRequest("other-key")));
            HealthCheckResponse health = assertInstanceOf(HealthCheckResponse.class, receive(client));
            assertEquals("other-key", health.requestId());
            assertTrue(health.healthy());
            assertTrue(flooder.isFlooding(), "still flooding while the other key was served");
            totals = flooder.stop();
        }
        long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - LOADED_AT) + 1;

        long served = totals.get("served").asLong();
        long limited = totals.get("limited").asLong();
        assertTrue(limited > 0, "the flooding key got rate_limited replies");
        assertTrue(served <= BURST_SECONDS + elapsedSeconds,
                served + " served: more than a burst of " + BURST_SECONDS + " and 1/s over " + elapsedSeconds + " s");
        assertEquals(served, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE json_extract(content, '$.request_id') LIKE 'flood-%'"));
        assertEquals(1, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE json_extract(content, '$.request_id') = 'other-key'"));
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters"));
        assertEquals((double) limited,
                MetricsScrape.of(new HubHttp(TestPorts.port("AuthenticatedQuotaTest.http")))
                        .sum("descartes_quota_refused_total",
                "endpoint=\"command\"", "peer=\"authenticated\""));
    }

    private static ZMQ.Socket dealer(ZContext ctx, String publicKey, String secretKey) {
        ZMQ.Socket socket = HandshakeMonitor.withCurve(ctx.createSocket(SocketType.DEALER), SERVER_PUBLIC, publicKey,
                secretKey);
        socket.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(60));
        socket.setLinger(0);
        socket.connect(COMMANDS);
        return socket;
    }

    private ZmqMessage receive(ZMQ.Socket socket) {
        byte[] delimiter = socket.recv();
        assertNotNull(delimiter, "no reply within 60 s");
        return codec.decode(socket.recv());
    }
}
