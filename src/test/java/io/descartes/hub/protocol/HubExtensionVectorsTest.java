package io.descartes.hub.protocol;

import java.io.InputStream;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hub's own messages (docs/protocol-extensions.md) match vectors made by an independent encoder. */
class HubExtensionVectorsTest {

    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void eventAckVectorsDecodeAndReEncodeByteForByte() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/hub-extension-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        assertEquals(2, vectors.size());
        for (JsonNode vector : vectors) {
            byte[] bytes = HexFormat.of().parseHex(vector.get("hex").asText());
            JsonNode value = vector.get("value");
            EventAck expected = new EventAck(value.get(1).asText(), value.get(2).asLong(), value.get(3).asBoolean());
            assertEquals(expected, codec.decode(bytes));
            assertArrayEquals(bytes, codec.encode(expected));
        }
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
