package io.descartes.hub.protocol;

import static io.descartes.hub.protocol.TestPack.AGENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Natural keys, error replies, the JSON entry points, enums, times and the PUB frame. */
class ProtocolHelpersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void naturalKeys() {
        WireTime time = new WireTime(1700000000, 123);
        assertEquals("550e8400-e29b-41d4-a716-446655440000/stderr/42",
                new LogStream(AGENT, LogStreamType.STDERR, new byte[0], time, 42).naturalKey());
        assertEquals("550e8400-e29b-41d4-a716-446655440000/status_changed/1700000000.000000123",
                new StatusUpdate(AGENT, StatusUpdateType.STATUS_CHANGED, null, null, null, time).naturalKey());
        assertEquals("spawn_request/r-1", new SpawnRequest("r-1", AgentConfig.of("n", "b", "t"), null, null).naturalKey());
        assertEquals("health_check_request/h", new HealthCheckRequest("h").naturalKey());
        assertNull(new EventAck("k", 1, false).requestId());
    }

    /** serde_json sorts by UTF-8 bytes; Java's String order would put the emoji (a surrogate pair) before U+FFFF. */
    @Test
    void jsonObjectKeysAreSortedByCodePoint() throws Exception {
        JsonNode payload = MAPPER.readTree("{\"\\ud83d\\ude00\":2,\"\\uffff\":1,\"a\":3,\"B\":4}");
        UUID agent = UUID.fromString("55555555-5555-5555-5555-555555555555");
        assertEquals("95af636f6e74726f6c5f636f6d6d616e64a16bc41055555555555555555555555555555555a67369676e616c84"
                        + "a14204a16103a3efbfbf01a4f09f988002",
                TestPack.hex(codec.encode(new ControlCommand("k", agent, ControlCommandType.SIGNAL, payload))));
    }

    @Test
    void errorReplyIsACommandResponseWithTheCode() throws Exception {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decode(TestPack.pack(TestPack.arr("nope", "r-9"))));
        CommandResponse reply = ProtocolErrors.toResponse(e);
        JsonNode expected = MAPPER.readTree("{\"type\":\"command_response\",\"request_id\":\"r-9\","
                + "\"agent_id\":\"00000000-0000-0000-0000-000000000000\",\"success\":false,\"status\":null,"
                + "\"data\":{\"code\":\"unknown_type\"},\"error\":" + MAPPER.writeValueAsString(e.getMessage()) + "}");
        assertEquals(expected, ProtocolJson.toJson(codec.decode(codec.encode(reply))));
        assertTrue(TestPack.hex(codec.encode(reply)).contains("c410" + "00".repeat(16)));
    }

    @Test
    void unexpectedTypeNamesTheKind() {
        ZmqMessage response = new SpawnResponse("r", true, null, null, "srv");
        assertFalse(response.messageType().isRequest());
        ProtocolException e = ProtocolErrors.unexpectedType(response);
        assertEquals(ErrorCode.UNEXPECTED_TYPE, e.code());
        assertEquals("unexpected_type", e.code().wire());
        assertEquals("r", e.requestId());
        assertEquals("unexpected message type `spawn_response`: a response message, not a request", e.getMessage());
        assertEquals(MessageType.Kind.EVENT, MessageType.fromTag("log_stream").kind());
    }

    @Test
    void agentConfigFromHttpJson() throws Exception {
        AgentConfig config = ProtocolJson.agentConfigFromJson(MAPPER.readTree(
                "{\"name\":\"a\",\"model_backend\":\"claude\",\"environment\":{\"K\":\"V\"},\"agents\":{\"x\":{\"y\":1}}}"));
        assertEquals("a", config.name());
        assertEquals("", config.task());
        assertEquals(Map.of("K", "V"), config.environment());
        assertEquals(MAPPER.readTree("{\"y\":1}"), config.agents().get("x"));
        assertEquals(config, ProtocolJson.agentConfigFromJson(ProtocolJson.toJson(config)));

        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ProtocolJson.agentConfigFromJson(MAPPER.readTree("{\"name\":5}")));
        assertEquals(ErrorCode.INVALID_FIELD, e.code());
        assertEquals("field name: invalid type: integer `5`, expected a string", e.getMessage());
        assertEquals("invalid type: sequence, expected struct AgentConfig", assertThrows(ProtocolException.class,
                () -> ProtocolJson.agentConfigFromJson(MAPPER.readTree("[]"))).getMessage());
    }

    @Test
    void messageFromJsonErrors() throws Exception {
        assertEquals(ErrorCode.MALFORMED, assertThrows(ProtocolException.class,
                () -> ProtocolJson.fromJson(MAPPER.readTree("{\"request_id\":\"r\"}"))).code());
        assertEquals(ErrorCode.UNKNOWN_TYPE, assertThrows(ProtocolException.class,
                () -> ProtocolJson.fromJson(MAPPER.readTree("{\"type\":\"x\"}"))).code());
        ProtocolException e = assertThrows(ProtocolException.class, () -> ProtocolJson.fromJson(MAPPER.readTree(
                "{\"type\":\"control_command\",\"request_id\":\"r\",\"agent_id\":\"nope\",\"command_type\":\"stop\"}")));
        assertEquals(ErrorCode.INVALID_FIELD, e.code());
        assertEquals("r", e.requestId());
        assertEquals("agent_id", e.field());
    }

    @Test
    void enumsUseTheExactWireSpelling() {
        assertEquals("write_stdin", ControlCommandType.WRITE_STDIN.wire());
        assertEquals(ControlCommandType.STREAM_LOGS, ControlCommandType.fromWire("stream_logs"));
        assertEquals(ZmqOutputStream.BOTH, ZmqOutputStream.fromWire("both"));
        assertTrue(AgentStatus.fromWire("terminated").isTerminal());
        ProtocolException e = assertThrows(ProtocolException.class, () -> PauseMode.fromWire("Forced"));
        assertEquals("unknown variant `Forced`, expected one of `cooperative`, `forced`", e.getMessage());
    }

    @Test
    void wireTimeConvertsInstants() {
        Instant instant = Instant.parse("2023-11-14T22:13:20.123456789Z");
        assertEquals(new WireTime(1700000000, 123456789), WireTime.of(instant));
        assertEquals(instant, WireTime.of(instant).toInstant());
        assertThrows(IllegalArgumentException.class, () -> new WireTime(1, 1_000_000_000));
    }

    @Test
    void logTopicFrame() {
        byte[] msgpack = {(byte) 0x92, 0, 0};
        byte[] frame = LogTopicFrame.encode(AGENT, msgpack);
        assertEquals("550e8400-e29b-41d4-a716-446655440000\0",
                new String(frame, 0, 37, StandardCharsets.US_ASCII));
        assertArrayEquals(java.util.Arrays.copyOf(frame, 37), LogTopicFrame.topic(AGENT));
        LogTopicFrame decoded = LogTopicFrame.decode(frame);
        assertEquals(AGENT, decoded.agentId());
        assertArrayEquals(msgpack, decoded.payload());
        assertEquals(ErrorCode.MALFORMED, assertThrows(ProtocolException.class,
                () -> LogTopicFrame.decode("no separator".getBytes(StandardCharsets.US_ASCII))).code());
        assertEquals(ErrorCode.MALFORMED, assertThrows(ProtocolException.class,
                () -> LogTopicFrame.decode("chat/x\0{}".getBytes(StandardCharsets.US_ASCII))).code());
    }
}
