package io.descartes.hub.protocol;

import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hub's own messages (docs/protocol-extensions.md) match vectors made by an independent encoder. */
class HubExtensionVectorsTest {

    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void vectorsDecodeToTheirRecordAndReEncodeByteForByte() throws Exception {
        JsonNode vectors = vectors("/hub-extension-vectors.json");
        assertEquals(23, vectors.size());
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
            case "bus_message" -> new BusMessage(value.get(1).asText(), BusKind.fromWire(value.get(2).asText()),
                    value.get(3).asText(), text(value.get(4)), text(value.get(5)), text(value.get(6)), text(value.get(7)),
                    text(value.get(8)), value.get(9), value.get(10).asLong(),
                    new WireTime(value.get(11).get(0).asLong(), value.get(11).get(1).asInt()), value.get(12).asLong(),
                    value.get(13).asBoolean(), value.get(14).isNull() ? null : value.get(14).asLong());
            case "bus_attach" -> new BusAttach(value.get(1).asText());
            case "bus_subscription" -> new BusSubscription(value.get(1).asText(),
                    WireEnums.parse(BusMembershipAction.class, value.get(2).asText()), value.get(3).asText());
            case "bus_reply" -> new BusReply(value.get(1).asText(), value.get(2).asBoolean(),
                    value.get(3).isNull() ? null : value.get(3).asLong(), value.get(4).asBoolean(), text(value.get(5)),
                    text(value.get(6)));
            case "workspace_request" -> new WorkspaceRequest(value.get(1).asText(), value.get(2).asText(),
                    WireEnums.parse(WorkspaceOp.class, value.get(3).asText()), text(value.get(4)), text(value.get(5)),
                    value.get(6).isNull() ? null : value.get(6).asLong());
            case "workspace_response" -> new WorkspaceResponse(value.get(1).asText(), value.get(2).asBoolean(),
                    text(value.get(3)), value.get(4).isNull() ? null : value.get(4).asLong(), value.get(5).asBoolean(),
                    json.convertValue(value.get(6), new TypeReference<List<String>>() { }),
                    json.convertValue(value.get(7), new TypeReference<List<String>>() { }),
                    json.convertValue(value.get(8), new TypeReference<List<String>>() { }), text(value.get(9)),
                    text(value.get(10)));
            default -> throw new IllegalArgumentException("no vector check for " + value.get(0));
        };
    }

    private static String text(JsonNode value) {
        return value.isNull() ? null : value.asText();
    }

    /**
     * serde_json's Value cannot hold NaN or ±inf: upstream decodes such a float into Null and sends nil. The vectors
     * (Python msgpack) pair a frame holding them with what upstream sends after decoding it.
     */
    @Test
    void nonFiniteNumbersInJsonValuesAreNilAsUpstreamSendsThem() throws Exception {
        JsonNode vectors = vectors("/json-value-vectors.json");
        assertEquals(3, vectors.size());
        for (JsonNode vector : vectors) {
            String what = vector.get("what").asText();
            byte[] upstream = HexFormat.of().parseHex(vector.get("upstream").asText());
            ZmqMessage decoded = codec.decode(HexFormat.of().parseHex(vector.get("sent").asText()));
            assertEquals(codec.decode(upstream), decoded, what);
            assertArrayEquals(upstream, codec.encode(decoded), what);
            assertEquals(ProtocolJson.toJson(codec.decode(upstream)), ProtocolJson.toJson(decoded), what);
        }
    }

    /** The same for values the hub makes itself (a custom action's result): nil on the wire, null in the JSON view. */
    @Test
    void nonFiniteNumbersTheHubMakesAreNilOnTheWireAndNullInTheView() throws Exception {
        JsonNode vectors = vectors("/json-value-vectors.json");
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("f", Double.NaN);
        data.putArray("g").add(Double.POSITIVE_INFINITY).add(Float.NEGATIVE_INFINITY).add(1.5);
        data.putObject("h").put("n", Float.NaN);
        CommandResponse response = new CommandResponse("nan-1",
                java.util.UUID.fromString("550e8400-e29b-41d4-a716-446655440000"), true, null, data, null);
        assertArrayEquals(HexFormat.of().parseHex(vectors.get(0).get("upstream").asText()), codec.encode(response));
        assertEquals("{\"f\":null,\"g\":[null,null,1.5],\"h\":{\"n\":null}}",
                ProtocolJson.toJson(response).get("data").toString());
    }

    private static JsonNode vectors(String resource) throws Exception {
        try (InputStream in = HubExtensionVectorsTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
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
