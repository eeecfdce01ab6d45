package io.descartes.hub.protocol;

import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hub's own messages (docs/protocol-extensions.md) match vectors made by an independent encoder. */
class HubExtensionVectorsTest {

    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void vectorsDecodeToTheirRecordAndReEncodeByteForByte() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/hub-extension-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        assertEquals(6, vectors.size());
        for (JsonNode vector : vectors) {
            byte[] bytes = HexFormat.of().parseHex(vector.get("hex").asText());
            ZmqMessage expected = expected(vector.get("value"));
            assertEquals(expected, codec.decode(bytes));
            assertArrayEquals(bytes, codec.encode(expected));
        }
    }

    private static ZmqMessage expected(JsonNode value) {
        ObjectMapper json = new ObjectMapper();
        return switch (value.get(0).asText()) {
            case "event_ack" -> new EventAck(value.get(1).asText(), value.get(2).asLong(), value.get(3).asBoolean());
            case "runner_register" -> new RunnerRegister(value.get(1).asText(), value.get(2).asText(),
                    value.get(3).asLong(), json.convertValue(value.get(4), new TypeReference<Map<String, String>>() { }),
                    json.convertValue(value.get(5), new TypeReference<List<String>>() { }));
            case "runner_heartbeat" -> new RunnerHeartbeat(value.get(1).asText(), value.get(2).asLong());
            case "runner_unregister" -> new RunnerUnregister(value.get(1).asText());
            case "runner_ack" -> new RunnerAck(value.get(1).asText(), value.get(2).asBoolean());
            default -> throw new IllegalArgumentException("no vector check for " + value.get(0));
        };
    }

    @Test
    void ackKeysAreTheEventsNaturalKeys() {
        java.util.UUID agent = java.util.UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
        assertEquals("550e8400-e29b-41d4-a716-446655440000/stdout/7",
                new LogStream(agent, LogStreamType.STDOUT, new byte[0], WireTime.now(), 7).naturalKey());
        assertEquals("550e8400-e29b-41d4-a716-446655440000/status_changed/1700000000.123456789",
                new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, null, null, null,
                        new WireTime(1700000000L, 123456789)).naturalKey());
    }
}
