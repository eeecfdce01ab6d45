package io.descartes.hub.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JSON view of messages: output as text (base64 with a marker when not UTF-8), times in RFC 3339; old rows read. */
class JsonViewTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UUID AGENT = UUID.fromString("6f1c8f3e-1f2a-4c3b-9d4e-5f6a7b8c9d0e");
    private static final WireTime TIME = new WireTime(1_796_172_818L, 790_934_727);

    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void utf8OutputIsTextAndTimesAreRfc3339() throws Exception {
        LogStream chunk = new LogStream(AGENT, LogStreamType.STDOUT, "héllo ✓\n".getBytes(StandardCharsets.UTF_8), TIME, 3);
        JsonNode view = ProtocolJson.toJson(chunk);
        assertEquals("héllo ✓\n", view.get("data").textValue());
        assertEquals("2026-12-02T00:53:38.790934727Z", view.get("timestamp").textValue());
        assertArrayEquals(codec.encode(chunk), codec.encode(ProtocolJson.fromJson(view)));
    }

    @Test
    void attachInfoExpiryIsAViewTimeToo() {
        AttachInfo attach = new AttachInfo("ipc://a.sock", "tok", 1_700_000_360L);
        JsonNode view = ProtocolJson.toJson(new SpawnResponse("r", true, new AgentInfo(AGENT, "a", AgentStatus.PAUSED,
                "demo", TIME, "t", TIME, PauseMode.FORCED, attach), null, "srv")).get("agent_info");
        assertEquals("2023-11-14T22:19:20.000000000Z", view.get("attach_info").get("expires_at").textValue());
        assertEquals("2026-12-02T00:53:38.790934727Z", view.get("paused_at").textValue());
    }

    @Test
    void bytesThatAreNotUtf8AreBase64WithAMarker() {
        LogStream chunk = new LogStream(AGENT, LogStreamType.STDERR, new byte[] {(byte) 0xff, 0, 'a', (byte) 0xc3}, TIME, 0);
        JsonNode view = ProtocolJson.toJson(chunk);
        assertEquals(MAPPER.createObjectNode().put("base64", "/wBhww=="), view.get("data"));
        assertArrayEquals(codec.encode(chunk), codec.encode(ProtocolJson.fromJson(view)));
    }

    /** Rows recorded by earlier versions hold the named form: the same reader takes them. */
    @Test
    void theNamedFormOfEarlierRowsStillReads() throws Exception {
        LogStream chunk = new LogStream(AGENT, LogStreamType.STDOUT, "ok".getBytes(StandardCharsets.UTF_8), TIME, 7);
        JsonNode old = MAPPER.readTree("{\"type\":\"log_stream\",\"agent_id\":\"" + AGENT + "\",\"stream_type\":\"stdout\","
                + "\"data\":[111,107],\"timestamp\":{\"secs_since_epoch\":1796172818,\"nanos_since_epoch\":790934727},"
                + "\"sequence\":7}");
        assertEquals(old, ProtocolJson.toNamedJson(chunk));
        assertArrayEquals(codec.encode(chunk), codec.encode(ProtocolJson.fromJson(old)));
        assertEquals(ProtocolJson.toJson(chunk), ProtocolJson.toJson(ProtocolJson.fromJson(old)));
    }

    @Test
    void aTimeBeyondRfc3339KeepsTheNamedForm() {
        StatusUpdate update = new StatusUpdate(AGENT, StatusUpdateType.HEARTBEAT, null, null, null,
                new WireTime(253_402_300_800L, 5));
        JsonNode view = ProtocolJson.toJson(update);
        assertEquals(253_402_300_800L, view.get("timestamp").get("secs_since_epoch").longValue());
        assertArrayEquals(codec.encode(update), codec.encode(ProtocolJson.fromJson(view)));
        assertEquals("9999-12-31T23:59:59.000000000Z", ProtocolJson.toJson(new StatusUpdate(AGENT,
                StatusUpdateType.HEARTBEAT, null, null, null, new WireTime(253_402_300_799L, 0))).get("timestamp").textValue());
    }

    @Test
    void badViewValuesAreInvalidFields() throws Exception {
        String head = "{\"type\":\"log_stream\",\"agent_id\":\"" + AGENT + "\",\"stream_type\":\"stdout\",\"sequence\":1,";
        ProtocolException base64 = assertThrows(ProtocolException.class, () -> ProtocolJson.fromJson(MAPPER.readTree(
                head + "\"data\":{\"base64\":\"***\"},\"timestamp\":\"2026-12-02T00:00:00Z\"}")));
        assertEquals(ErrorCode.INVALID_FIELD, base64.code());
        ProtocolException time = assertThrows(ProtocolException.class, () -> ProtocolJson.fromJson(MAPPER.readTree(
                head + "\"data\":\"x\",\"timestamp\":\"yesterday\"}")));
        assertEquals(ErrorCode.INVALID_FIELD, time.code());
        assertEquals("field timestamp: invalid value: string \"yesterday\", expected an RFC 3339 time after the epoch",
                time.getMessage());
    }
}
