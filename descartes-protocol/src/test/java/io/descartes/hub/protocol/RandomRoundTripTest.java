package io.descartes.hub.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Property-style: randomized messages of every type survive msgpack, the JSON view and the named form unchanged. */
class RandomRoundTripTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long[] EDGE_NUMBERS = {0, 1, 127, 128, 255, 256, 65535, 65536, 0xFFFF_FFFFL, 0x1_0000_0000L,
            Long.MAX_VALUE};

    private final Random random = new Random(20261128);
    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void encoderRefusesValuesUpstreamCouldNotSend() {
        ProtocolException negative = assertThrows(ProtocolException.class,
                () -> codec.encode(new ListAgentsRequest("r", null, -1L)));
        assertEquals("field limit: invalid value: integer `-1`, expected u64", negative.getMessage());
        ProtocolException missing = assertThrows(ProtocolException.class,
                () -> codec.encode(new HealthCheckRequest(null)));
        assertEquals("missing field `request_id`", missing.getMessage());
    }

    @Test
    void randomMessagesRoundTrip() {
        for (int i = 0; i < 300; i++) {
            for (MessageType type : MessageType.values()) {
                ZmqMessage message = randomMessage(type);
                byte[] bytes = codec.encode(message);
                ZmqMessage decoded = codec.decode(bytes);
                assertArrayEquals(bytes, codec.encode(decoded), type.tag());
                if (!(message instanceof LogStream)) { // byte[] components compare by identity
                    assertEquals(message, decoded);
                }
                JsonNode view = ProtocolJson.toJson(message);
                assertEquals(view, ProtocolJson.toJson(decoded));
                assertArrayEquals(bytes, codec.encode(ProtocolJson.fromJson(view)), type.tag());
                JsonNode named = ProtocolJson.toNamedJson(message);
                assertArrayEquals(bytes, codec.encode(ProtocolJson.fromJson(named)), type.tag());
                assertArrayEquals(bytes, codec.encode(codec.decode(TestPack.pack(named))), type.tag());
            }
        }
    }

    /** One writer for every message, so that each document follows others on the same generator. */
    @Test
    void theReusedWriterWritesWhatAFreshGeneratorWrites() throws IOException {
        JsonTextWriter writer = new JsonTextWriter(ProtocolJson.MAPPER.getFactory());
        for (int i = 0; i < 300; i++) {
            for (MessageType type : MessageType.values()) {
                ZmqMessage message = randomMessage(type);
                assertEquals(ProtocolJson.text(ProtocolJson.MAPPER.getFactory(), 16, out -> ProtocolJson.write(out, message)),
                        writer.text(out -> ProtocolJson.write(out, message)), type.tag());
            }
        }
    }

    /** A document that fails half-way leaves nothing behind in the next one. */
    @Test
    void aFailedDocumentDoesNotSpillIntoTheNext() throws IOException {
        JsonTextWriter writer = new JsonTextWriter(ProtocolJson.MAPPER.getFactory());
        assertThrows(IllegalStateException.class, () -> writer.text(out -> {
            out.writeStartObject();
            out.writeStringField("half", "way");
            throw new IllegalStateException("failed");
        }));
        ZmqMessage message = randomMessage(MessageType.LOG_STREAM);
        assertEquals(ProtocolJson.text(ProtocolJson.MAPPER.getFactory(), 16, out -> ProtocolJson.write(out, message)),
                writer.text(out -> ProtocolJson.write(out, message)));
    }

    private ZmqMessage randomMessage(MessageType type) {
        return switch (type) {
            case SPAWN_REQUEST -> new SpawnRequest(text(), config(), opt(this::u64), opt(this::stringMap));
            case SPAWN_RESPONSE -> new SpawnResponse(text(), bool(), opt(this::agentInfo), opt(this::text), opt(this::text));
            case CONTROL_COMMAND -> new ControlCommand(text(), uuid(), pick(ControlCommandType.values()), opt(this::json));
            case COMMAND_RESPONSE -> new CommandResponse(text(), uuid(), bool(), opt(this::status), opt(this::json),
                    opt(this::text));
            case STATUS_UPDATE -> new StatusUpdate(uuid(), pick(StatusUpdateType.values()), opt(this::status),
                    opt(this::text), opt(this::json), time());
            case LIST_AGENTS_REQUEST -> new ListAgentsRequest(text(), opt(this::status), opt(this::u64));
            case LIST_AGENTS_RESPONSE -> new ListAgentsResponse(text(), bool(), list(this::agentInfo), opt(this::text));
            case HEALTH_CHECK_REQUEST -> new HealthCheckRequest(text());
            case HEALTH_CHECK_RESPONSE -> new HealthCheckResponse(text(), bool(), text(), opt(this::u64), opt(this::u64),
                    opt(this::stringMap));
            case CUSTOM_ACTION_REQUEST -> new CustomActionRequest(text(), uuid(), text(), opt(this::json), opt(this::u64));
            case BATCH_CONTROL_COMMAND -> new BatchControlCommand(text(), list(this::uuid), pick(ControlCommandType.values()),
                    opt(this::json), bool());
            case BATCH_CONTROL_RESPONSE -> new BatchControlResponse(text(), bool(),
                    list(() -> new BatchAgentResult(uuid(), bool(), opt(this::status), opt(this::text))), u64(), u64());
            case OUTPUT_QUERY_REQUEST -> new OutputQueryRequest(text(), uuid(), pick(ZmqOutputStream.values()),
                    opt(this::text), opt(this::u64), opt(this::u64));
            case OUTPUT_QUERY_RESPONSE -> new OutputQueryResponse(text(), uuid(), bool(), list(this::text), opt(this::u64),
                    bool(), opt(this::text));
            case LOG_STREAM -> new LogStream(uuid(), pick(LogStreamType.values()), bytes(), time(), u64());
            case EVENT_ACK -> new EventAck(text(), u64(), bool());
            case RUNNER_REGISTER -> new RunnerRegister(text(), text(), u64() & 0xFFFF_FFFFL, stringMap(), list(this::text));
            case RUNNER_HEARTBEAT -> new RunnerHeartbeat(text(), u64() & 0xFFFF_FFFFL);
            case RUNNER_UNREGISTER -> new RunnerUnregister(text());
            case RUNNER_ACK -> new RunnerAck(text(), bool());
            case BUS_MESSAGE -> new BusMessage(text(), pick(BusKind.values()), text(), opt(this::text), opt(this::text),
                    opt(this::text), opt(this::text), opt(this::text), opt(this::json), u64() & 0xFFFF_FFFFL, time(),
                    u64() & 0xFFFF_FFFFL, bool(), opt(this::u64));
            case BUS_ATTACH -> new BusAttach(text());
            case BUS_SUBSCRIPTION -> new BusSubscription(text(), pick(BusMembershipAction.values()), text());
            case BUS_REPLY -> new BusReply(text(), bool(), opt(this::u64), bool(), opt(this::text), opt(this::text));
            case WORKSPACE_REQUEST -> new WorkspaceRequest(text(), text(), pick(WorkspaceOp.values()), opt(this::text),
                    opt(this::text), opt(this::u64));
            case WORKSPACE_RESPONSE -> new WorkspaceResponse(text(), bool(), opt(this::text), opt(this::u64), bool(),
                    list(this::text), list(this::text), list(this::text), opt(this::text), opt(this::text));
        };
    }

    private AgentConfig config() {
        return new AgentConfig(text(), text(), text(), opt(this::text), opt(this::text), stringMap(), opt(this::text),
                opt(this::text), opt(() -> {
                    Map<String, JsonNode> agents = new LinkedHashMap<>();
                    for (int i = random.nextInt(3); i > 0; i--) {
                        agents.put(text(), json());
                    }
                    return agents;
                }));
    }

    private AgentInfo agentInfo() {
        return new AgentInfo(uuid(), text(), status(), text(), time(), text(), opt(this::time),
                opt(() -> pick(PauseMode.values())), opt(() -> new AttachInfo(text(), text(), random.nextLong())));
    }

    private <T> T opt(Supplier<T> value) {
        return random.nextInt(3) == 0 ? null : value.get();
    }

    private <T> List<T> list(Supplier<T> element) {
        List<T> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            list.add(element.get());
        }
        return list;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private boolean bool() {
        return random.nextBoolean();
    }

    private AgentStatus status() {
        return pick(AgentStatus.values());
    }

    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    private long u64() {
        return random.nextBoolean() ? EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)] : random.nextLong() >>> 1 + random.nextInt(63);
    }

    private WireTime time() {
        return new WireTime(u64(), random.nextInt(1_000_000_000));
    }

    /** Empty, ASCII, non-ASCII, supplementary and long (str8/str16) strings. */
    private String text() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "x".repeat(random.nextInt(300));
            case 2 -> "héllo ✓ 𝄞";
            case 3 -> "\u0000\uffff\ud83d\ude00";
            default -> Long.toString(random.nextLong(), 36);
        };
    }

    private Map<String, String> stringMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            map.put(text(), text());
        }
        return map;
    }

    /** Half of them UTF-8 text (the JSON view writes text), half arbitrary (mostly not UTF-8: base64 in the view). */
    private byte[] bytes() {
        if (random.nextBoolean()) {
            return text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[random.nextInt(20)];
        random.nextBytes(bytes);
        return bytes;
    }

    private JsonNode json() {
        return json(3);
    }

    private JsonNode json(int depth) {
        switch (random.nextInt(depth > 0 ? 8 : 6)) {
            case 0:
                return JSON.nullNode();
            case 1:
                return JSON.booleanNode(bool());
            case 2: {
                long n = random.nextBoolean() ? u64() : -u64();
                return n == (int) n ? JSON.numberNode((int) n) : JSON.numberNode(n);
            }
            case 3:
                return JSON.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 4:
            case 5:
                return JSON.textNode(text());
            case 6: {
                ArrayNode array = JSON.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(json(depth - 1));
                }
                return array;
            }
            default: {
                ObjectNode object = JSON.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(pick(new String[] {"a", "b", "B", "é", "\uffff", "\ud83d\ude00", text()}), json(depth - 1));
                }
                return object;
            }
        }
    }
}
