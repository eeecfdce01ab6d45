package io.descartes.hub.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.ListAgentsResponse;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.DeadLetterEntry;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.MetricsScrape;
import io.descartes.hub.testing.LibzmqPeer;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestSockets;
import io.descartes.hub.testing.TestAuth;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command endpoint answers every request exactly once, errors included, and records each frame. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:CommandEndpointTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:CommandEndpointTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:CommandEndpointTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:CommandEndpointTest.runner}}",
                "hub.db.url={{test-db:" + CommandEndpointTest.DB + "}}",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandEndpointTest {

    static final String DB = "target/command-endpoint-test.db";
    private static final String COMMANDS = TestPorts.tcp("CommandEndpointTest.command");

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void healthCheckIsAnsweredWithRealFiguresAndRecorded() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            ZmqMessage reply = peer.call(new HealthCheckRequest("health-1"));
            HealthCheckResponse health = assertInstanceOf(HealthCheckResponse.class, reply);
            assertEquals("health-1", health.requestId());
            assertTrue(health.healthy());
            assertEquals("1.0.0", health.protocolVersion());
            assertNotNull(health.uptimeSecs());
            assertNotNull(health.activeAgents());
            assertTrue(health.metadata().get("server_id").startsWith("server-"));
        }
        assertEquals(1, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE event_type = 'health_check_request' "
                + "AND json_extract(content, '$.request_id') = 'health-1'"));
    }

    @Test
    void activeAgentCountFollowsTheRegistry() {
        UUID agent = UUID.randomUUID();
        try (DescartesPeer runner = new DescartesPeer(TestPorts.tcp("CommandEndpointTest.runner"));
             DescartesPeer controller = new DescartesPeer(COMMANDS)) {
            long before = ((HealthCheckResponse) controller.call(new HealthCheckRequest("h-before"))).activeAgents();
            runner.call(new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING, "up", null,
                    WireTime.now()));
            long after = ((HealthCheckResponse) controller.call(new HealthCheckRequest("h-after"))).activeAgents();
            assertEquals(before + 1, after);
        }
    }

    @Test
    void garbageGetsAMalformedErrorAndADeadLetter() throws Exception {
        long deadBefore = TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters");
        byte[] garbage = {(byte) 0xc1, 1, 2, 3};
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            peer.sendRaw(garbage);
            CommandResponse error = assertInstanceOf(CommandResponse.class, peer.receive());
            assertFalse(error.success());
            assertEquals("malformed", error.data().get("code").asText());
            assertEquals(new UUID(0, 0), error.agentId());
            assertTrue(error.error().contains("malformed"), error.error());
        }
        assertEquals(deadBefore + 1, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters"));
        assertEquals(1, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM dead_letters WHERE raw_sha256 = '"
                        + DeadLetterEntry.sha256(new byte[] {(byte) 0xc1, 1, 2, 3}) + "' AND error_code = 'malformed'"));
    }

    @Test
    void eachErrorKindHasItsCodeAndTheRequestIdWhenReadable() {
        DescartesCodec codec = new DescartesCodec();
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            assertError(peer, new byte[0], "malformed", "");
            // an unknown tag; the request id at position 1 is still echoed
            assertError(peer, msgpackArray("no_such_request", "u-1"), "unknown_type", "u-1");
            // a response sent as a request
            assertError(peer, codec.encode(new ListAgentsResponse("r-1", true, List.of(), null)),
                    "unexpected_type", "r-1");
            // a known request with a field of the wrong type
            assertError(peer, msgpackArray("list_agents_request", "l-1", "not-a-status"), "invalid_field", "l-1");
            // over the 10 MiB limit
            byte[] oversize = new byte[10 * 1024 * 1024 + 1];
            Arrays.fill(oversize, (byte) 0xc0);
            assertError(peer, oversize, "oversize", "");
            // two payload frames instead of one
            peer.sendFrames(codec.encode(new HealthCheckRequest("x")), new byte[] {1});
            assertEquals("malformed", ((CommandResponse) peer.receive()).data().get("code").asText());
        }
    }

    @Test
    void agentRequestsAreAnsweredWithTheirOwnResponseType() {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            ListAgentsResponse reply = assertInstanceOf(ListAgentsResponse.class,
                    peer.call(new ListAgentsRequest("list-1", null, null)));
            assertEquals("list-1", reply.requestId());
            assertTrue(reply.success());
        }
    }

    @Test
    void upstreamReqClientAndBareDealerBothGetExactlyTheirEnvelopeBack() {
        byte[] request = new DescartesCodec().encode(new HealthCheckRequest("env-1"));
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket req = TestSockets.connect(ctx, SocketType.REQ, COMMANDS);
            req.send(request);
            HealthCheckResponse viaReq = (HealthCheckResponse) new DescartesCodec().decode(req.recv());
            assertEquals("env-1", viaReq.requestId());

            ZMQ.Socket dealer = TestSockets.connect(ctx, SocketType.DEALER, COMMANDS);
            dealer.send(request); // no delimiter: the reply must come back without one
            byte[] only = dealer.recv();
            assertNotNull(only, "no reply within 10 s");
            assertFalse(dealer.hasReceiveMore());
            assertEquals("env-1", new DescartesCodec().decode(only).requestId());
        }
    }

    @Test
    void aThousandMalformedFramesEachGetAnErrorAndADeadLetterAndTheHubKeepsServing() throws Exception {
        List<byte[]> frames = malformedFrames(1_000);
        long deadBefore = TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters");
        double refusedBefore = refusedMetric();
        Map<String, Integer> codes = new TreeMap<>();
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            frames.forEach(peer::sendRaw); // pipelined: the hub must not lose any while busy
            for (int i = 0; i < frames.size(); i++) {
                CommandResponse error = assertInstanceOf(CommandResponse.class, peer.receive());
                assertFalse(error.success());
                codes.merge(error.data().get("code").asText(), 1, Integer::sum);
            }
            assertTrue(((HealthCheckResponse) peer.call(new HealthCheckRequest("still-up"))).healthy());
        }
        assertEquals(1_000, codes.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(codes.keySet().containsAll(List.of("malformed", "unknown_type", "unexpected_type", "invalid_field")),
                "varied kinds: " + codes);
        assertEquals(deadBefore + 1_000, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters"));
        assertEquals(refusedBefore + 1_000, refusedMetric(), "descartes_frames_refused_total counts every refusal");
    }

    /** The sum of descartes_frames_refused_total over its codes. */
    private static double refusedMetric() throws Exception {
        return MetricsScrape.of(new HubHttp(TestPorts.port("CommandEndpointTest.http")))
                .sum("descartes_frames_refused_total");
    }

    /** Garbage, truncations, unknown tags, responses sent as requests, wrong field types: seeded, so reproducible. */
    private static List<byte[]> malformedFrames(int count) {
        DescartesCodec codec = new DescartesCodec();
        Random random = new Random(42);
        byte[] spawn = codec.encode(new SpawnRequest("s-1", new AgentConfig("a", "claude", "task", "ctx", null,
                Map.of("K", "V"), null, null, null), 30L, null));
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(switch (i % 5) {
                case 0 -> {
                    byte[] garbage = new byte[1 + random.nextInt(64)];
                    random.nextBytes(garbage);
                    garbage[0] = (byte) 0xc1; // never-used marker: garbage however the rest reads
                    yield garbage;
                }
                case 1 -> Arrays.copyOf(spawn, 1 + random.nextInt(spawn.length - 1));
                case 2 -> msgpackArray("bogus_" + i, "b-" + i);
                case 3 -> codec.encode(new ListAgentsResponse("r-" + i, true, List.of(), null));
                default -> msgpackArray("health_check_request", "h-" + i, "extra element");
            });
        }
        return frames;
    }

    @Test
    void aLibzmqPeerSpeakingUpstreamsEncodingIsServed() throws Exception {
        LibzmqPeer.assumeAvailable();
        List<JsonNode> steps = LibzmqPeer.run(COMMANDS, TestPorts.tcp("CommandEndpointTest.runner"),
                TestPorts.tcp("CommandEndpointTest.pub"));

        JsonNode health = steps.get(0).get("value");
        assertEquals("health_check_response", health.get(0).asText());
        assertEquals("py-health-1", health.get(1).asText());
        assertTrue(health.get(2).asBoolean());
        assertEquals("1.0.0", health.get(3).asText());

        JsonNode ack = steps.get(1).get("value");
        assertEquals("event_ack", ack.get(0).asText());
        assertFalse(ack.get(3).asBoolean());
        JsonNode published = steps.get(2).get("value");
        assertEquals(ack.get(2).asText(), published.get("event_id").asText(), "published with the acked id");
        assertEquals("status_update", published.get("message").get(0).asText());
        assertEquals(published.get("topic").asText(), uuidOf(published.get("message").get(1).asText()));
        assertEquals("running", TestDatabase.queryString(DB,
                "SELECT status FROM agents WHERE id = '" + published.get("topic").asText() + "'"));
        assertEquals("[\"status_update\"]", steps.get(3).get("value").toString(),
                "a command about the agent publishes neither itself nor its response");
    }

    /** The hex of a 16-byte bin, as the python peer prints it, as a hyphenated uuid. */
    private static String uuidOf(String hex) {
        return hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5");
    }

    private static void assertError(DescartesPeer peer, byte[] frame, String code, String requestId) {
        peer.sendRaw(frame);
        CommandResponse error = assertInstanceOf(CommandResponse.class, peer.receive());
        assertFalse(error.success());
        assertEquals(code, error.data().get("code").asText(), error.error());
        assertEquals(requestId, error.requestId());
    }

    /** A msgpack array of strings, built by hand so the test does not depend on the codec's encoder. */
    private static byte[] msgpackArray(String... items) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x90 | items.length);
        for (String item : items) {
            byte[] utf8 = item.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(0xa0 | utf8.length);
            out.writeBytes(utf8);
        }
        return out.toByteArray();
    }
}
