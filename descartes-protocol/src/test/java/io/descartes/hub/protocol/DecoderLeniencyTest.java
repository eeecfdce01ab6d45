package io.descartes.hub.protocol;

import static io.descartes.hub.protocol.TestPack.AGENT;
import static io.descartes.hub.protocol.TestPack.arr;
import static io.descartes.hub.protocol.TestPack.hex;
import static io.descartes.hub.protocol.TestPack.map;
import static io.descartes.hub.protocol.TestPack.pack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.DoubleNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL §2.4 / §12.4: what the decoder accepts beyond the canonical form. */
class DecoderLeniencyTest {

    private static final String HEALTH = "92b46865616c74685f636865636b5f72657175657374a86865616c74682d31";

    private final DescartesCodec codec = new DescartesCodec();

    @Test
    void mapFormWithTagAnywhereAndUnknownKeysIgnored() {
        ZmqMessage m = codec.decode(pack(map("request_id", "health-1", "extra", arr(1, 2), "type", "health_check_request")));
        assertEquals(new HealthCheckRequest("health-1"), m);
        assertEquals(HEALTH, hex(codec.encode(m)));
    }

    @Test
    void mapFormMissingOptionFieldsAreNone() {
        assertEquals(new SpawnResponse("r", false, null, null, null),
                codec.decode(pack(map("type", "spawn_response", "request_id", "r", "success", false))));
    }

    @Test
    void mapInsideArray() {
        SpawnRequest m = (SpawnRequest) codec.decode(pack(arr("spawn_request", "r", map("name", "n", "task", "t"))));
        assertEquals(new AgentConfig("n", "", "t", null, null, Map.of(), null, null, null), m.config());
        assertNull(m.timeoutSecs());
    }

    @Test
    void arrayInsideMap() {
        List<Object> info = arr(AGENT, "a", "running", "claude", arr(1700000000, 5), "t");
        SpawnResponse m = (SpawnResponse) codec.decode(pack(map("type", "spawn_response", "request_id", "r",
                "success", true, "agent_info", info, "error", null, "server_id", "s")));
        assertEquals(new AgentInfo(AGENT, "a", AgentStatus.RUNNING, "claude", new WireTime(1700000000, 5), "t",
                null, null, null), m.agentInfo());
    }

    @ParameterizedTest
    @ValueSource(strings = {"550E8400-E29B-41D4-A716-446655440000", "550e8400e29b41d4a716446655440000",
            "{550e8400-e29b-41d4-a716-446655440000}", "urn:uuid:550e8400-e29b-41d4-a716-446655440000"})
    void uuidAsText(String text) {
        ControlCommand m = (ControlCommand) codec.decode(pack(arr("control_command", "c", text, "pause", null)));
        assertEquals(AGENT, m.agentId());
    }

    @Test
    void shortArraysTakeTheDefaultsOfTheTail() {
        SpawnRequest empty = (SpawnRequest) codec.decode(pack(arr("spawn_request", "r", arr())));
        assertEquals(new AgentConfig("", "", "", null, null, Map.of(), null, null, null), empty.config());
        SpawnRequest noOptions = (SpawnRequest) codec.decode(pack(arr("spawn_request", "r", arr("n", "claude"))));
        assertEquals("claude", noOptions.config().modelBackend());
        assertNull(noOptions.metadata());

        AgentInfo info = ((ListAgentsResponse) codec.decode(pack(arr("list_agents_response", "r", true,
                arr(arr(AGENT, "a", "paused", "b", arr(1, 0), "t")), null)))).agents().get(0);
        assertNull(info.pausedAt());
        assertNull(info.attachInfo());

        assertEquals(new SpawnResponse("r", true, null, null, null), codec.decode(pack(arr("spawn_response", "r", true))));
        assertEquals(new ListAgentsResponse("r", true, List.of(), null),
                codec.decode(pack(arr("list_agents_response", "r", true))));
        assertEquals(new HealthCheckResponse("h", true, "1.0.0", null, null, null),
                codec.decode(pack(arr("health_check_response", "h", true, "1.0.0"))));

        BatchControlCommand batch = (BatchControlCommand) codec.decode(
                pack(arr("batch_control_command", "b", arr(AGENT), "kill", null)));
        assertFalse(batch.failFast());
    }

    @Test
    void nanosCarryIntoSeconds() {
        StatusUpdate array = (StatusUpdate) codec.decode(pack(arr("status_update", AGENT, "heartbeat", null, null, null,
                arr(1, 1_000_000_000L))));
        assertEquals(new WireTime(2, 0), array.timestamp());
        StatusUpdate named = (StatusUpdate) codec.decode(pack(arr("status_update", AGENT, "heartbeat", null, null, null,
                map("nanos_since_epoch", 2_500_000_000L, "secs_since_epoch", 1))));
        assertEquals(new WireTime(3, 500_000_000), named.timestamp());
    }

    @Test
    void trailingBytesAfterTheValueAreIgnored() {
        assertEquals(new HealthCheckRequest("health-1"), codec.decode(hex(HEALTH + "c1ff00")));
    }

    @Test
    void tagAsBinary() {
        byte[] frame = pack(arr("health_check_request".getBytes(StandardCharsets.UTF_8), "h"));
        assertEquals(new HealthCheckRequest("h"), codec.decode(frame));
    }

    @Test
    void nonMinimalIntegersAndFloat32AreReadAndReencodedCanonically() {
        // limit 10 as uint64, payload float32 0.5
        byte[] frame = hex("94b36c6973745f6167656e74735f72657175657374a66c6973742d31c0cf000000000000000a");
        assertEquals(new ListAgentsRequest("list-1", null, 10L), codec.decode(frame));
        byte[] custom = pack(arr("custom_action_request", "c", AGENT, "echo", null, null));
        custom[custom.length - 2] = (byte) 0xca; // params: float32 0.5, then timeout nil
        byte[] withFloat = java.util.Arrays.copyOf(custom, custom.length + 4);
        System.arraycopy(new byte[] {0x3f, 0, 0, 0, (byte) 0xc0}, 0, withFloat, custom.length - 1, 5);
        CustomActionRequest m = (CustomActionRequest) codec.decode(withFloat);
        assertEquals(DoubleNode.valueOf(0.5), m.params());
        assertArrayEquals(codec.encode(new CustomActionRequest("c", AGENT, "echo", DoubleNode.valueOf(0.5), null)),
                codec.encode(m));
    }
}
