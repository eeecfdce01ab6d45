package io.descartes.hub.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request gets exactly one reply within the 10 MiB frame limit, also when the reply would not fit: an error
 * reply echoing a huge request id, a response echoing one, a response whose data outgrows the request.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:ReplySizeTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:ReplySizeTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:ReplySizeTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:ReplySizeTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + ReplySizeTest.DB,
                "hub.agents.workspace-root=target/reply-size-test-workspaces",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplySizeTest {

    static final String DB = "target/reply-size-test.db";
    private static final String COMMANDS = TestPorts.tcp("ReplySizeTest.command");
    private static final int LIMIT = 10 * 1024 * 1024;
    /** Measures frames of any size, to build requests exactly at the limit. */
    private static final DescartesCodec UNLIMITED = new DescartesCodec(Integer.MAX_VALUE);
    private static final int FLOATS = 16;

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void anOversizeFrameWhoseRequestIdIsHugeGetsOneErrorReplyThatFits() {
        String id = "i".repeat(LIMIT + 1);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x92);
        byte[] tag = "health_check_request".getBytes(StandardCharsets.US_ASCII);
        frame.write(0xa0 | tag.length);
        frame.writeBytes(tag);
        frame.write(0xdb); // str 32, written by hand: the codec refuses to make a frame this large
        frame.writeBytes(new byte[] {(byte) (id.length() >>> 24), (byte) (id.length() >>> 16),
                (byte) (id.length() >>> 8), (byte) id.length()});
        frame.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            peer.sendRaw(frame.toByteArray());
            CommandResponse error = assertInstanceOf(CommandResponse.class, receiveFitting(peer));
            assertFalse(error.success());
            assertEquals("oversize", error.data().get("code").asText());
            assertTrue(id.startsWith(error.requestId()) && !error.requestId().isEmpty(), "a prefix of the id");
            assertTrue(error.error().contains("request_id cut to its first " + error.requestId().length()
                    + " of " + id.length() + " characters"), error.error());
            assertOnlyOneReplyWasSent(peer);
        }
    }

    @Test
    void aRequestAtTheLimitWhoseResponseWouldExceedItGetsItsOwnFailureTypeThatFits() {
        String id = "h".repeat(LIMIT - UNLIMITED.encode(new HealthCheckRequest("")).length - 4);
        HealthCheckRequest request = new HealthCheckRequest(id);
        assertEquals(LIMIT, UNLIMITED.encode(request).length, "the request is exactly at the (inclusive) limit");
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            peer.send(request);
            HealthCheckResponse reply = assertInstanceOf(HealthCheckResponse.class, receiveFitting(peer));
            assertFalse(reply.healthy());
            assertTrue(id.startsWith(reply.requestId()) && !reply.requestId().isEmpty(), "a prefix of the id");
            String error = reply.metadata().get("error");
            assertTrue(error.startsWith("response too large: "), error);
            assertTrue(error.contains("request_id cut to its first"), error);
            assertOnlyOneReplyWasSent(peer);
        }
    }

    @Test
    void aResponseWhoseDataOutgrowsTheLimitBecomesAFailureOfItsOwnTypeWithTheWholeRequestId() {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, peer.call(new SpawnRequest("spawn-echo",
                    AgentConfig.of("echoer", "echo", "hi"), null, null)));
            assertTrue(spawned.success(), spawned.error());
            UUID agent = spawned.agentInfo().id();
            // the built-in echo action answers with its params, which grow: float32 values come back as float64
            peer.sendRaw(echoAtTheLimit(agent));
            CommandResponse reply = assertInstanceOf(CommandResponse.class, receiveFitting(peer));
            assertFalse(reply.success());
            assertEquals("big-echo", reply.requestId());
            assertEquals(agent, reply.agentId());
            assertTrue(reply.error().startsWith("response too large: "), reply.error());
            assertOnlyOneReplyWasSent(peer);
        }
    }

    /**
     * control_command custom_action echo with params [text, 0.5 × 16], the floats as float32 (as a non-Rust client
     * may send them; upstream reads them into an f64 and sends float64), the text long enough to make the frame
     * exactly the limit. Written by the codec with float64s, whose 16 × 9 bytes end the frame, then patched.
     */
    private static byte[] echoAtTheLimit(UUID agent) {
        int length = LIMIT - echo(agent, "").length - 4;
        byte[] frame = echo(agent, "e".repeat(length));
        assertEquals(LIMIT, frame.length, "the request is exactly at the (inclusive) limit");
        return frame;
    }

    private static byte[] echo(UUID agent, String text) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("action", "echo");
        ArrayNode params = payload.putArray("params").add(text);
        for (int i = 0; i < FLOATS; i++) {
            params.add(0.5);
        }
        byte[] float64s = UNLIMITED.encode(new ControlCommand("big-echo", agent, ControlCommandType.CUSTOM_ACTION, payload));
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(float64s, 0, float64s.length - FLOATS * 9);
        for (int i = 0; i < FLOATS; i++) {
            frame.writeBytes(HexFormat.of().parseHex("ca3f000000")); // 0.5 as float32
        }
        return frame.toByteArray();
    }

    /** The next reply, checked to fit the limit before it is decoded. */
    private static ZmqMessage receiveFitting(DescartesPeer peer) {
        byte[] reply = peer.receiveRaw();
        assertTrue(reply.length <= LIMIT, "reply of " + reply.length + " bytes");
        return new DescartesCodec().decode(reply);
    }

    /** The next reply on the socket answers the next request: nothing else was queued for the one before. */
    private static void assertOnlyOneReplyWasSent(DescartesPeer peer) {
        assertEquals("after", peer.call(new HealthCheckRequest("after")).requestId());
    }
}
