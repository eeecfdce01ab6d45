package io.descartes.hub.protocol;

import static io.descartes.hub.protocol.TestPack.AGENT;
import static io.descartes.hub.protocol.TestPack.arr;
import static io.descartes.hub.protocol.TestPack.hex;
import static io.descartes.hub.protocol.TestPack.map;
import static io.descartes.hub.protocol.TestPack.pack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every kind of bad frame raises a ProtocolException with the right code, request id and a serde-like reason. */
class DecoderErrorsTest {

    private final DescartesCodec codec = new DescartesCodec();

    private ProtocolException fails(ErrorCode code, String reason, byte[] frame) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(frame));
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(reason, e.getMessage());
        return e;
    }

    @Test
    void emptyFrame() {
        fails(ErrorCode.MALFORMED, "empty frame", new byte[0]);
        fails(ErrorCode.MALFORMED, "empty frame", null);
    }

    @Test
    void garbage() {
        fails(ErrorCode.MALFORMED, "invalid type: integer `104`, expected internally tagged enum ZmqMessage",
                "hello".getBytes());
        fails(ErrorCode.MALFORMED, "invalid type: string \"x\", expected internally tagged enum ZmqMessage", pack("x"));
        fails(ErrorCode.MALFORMED, "malformed msgpack at byte 0: 0xc1 is never used", new byte[] {(byte) 0xc1});
        fails(ErrorCode.MALFORMED, "field request_id: malformed msgpack at byte 22: 0xc1 is never used",
                hex("92b46865616c74685f636865636b5f72657175657374c1"));
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButProtocolException() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = new byte[1 + random.nextInt(40)];
            random.nextBytes(frame);
            if (random.nextBoolean()) {
                frame[0] = (byte) (0x92 + random.nextInt(6)); // an array header gets further into the decoder
            }
            try {
                assertNotNull(codec.decode(frame));
            } catch (ProtocolException e) {
                assertNotNull(e.code());
                assertTrue(!e.getMessage().isEmpty());
            }
        }
    }

    @Test
    void noTag() {
        fails(ErrorCode.MALFORMED, "missing field `type`", pack(arr()));
        fails(ErrorCode.MALFORMED, "missing field `type`", pack(map("health_check_request", arr("h"))));
        fails(ErrorCode.MALFORMED, "invalid type: integer `5`, expected the `type` tag string", pack(arr(5, "r")));
    }

    @Test
    void unknownTagIsCaseSensitiveAndKeepsTheRequestId() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> codec.decode(pack(arr("HealthCheckRequest", "r1"))));
        assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
        assertEquals("r1", e.requestId());
        assertTrue(e.getMessage().startsWith("unknown variant `HealthCheckRequest`, expected one of `spawn_request`, "
                + "`spawn_response`, `control_command`"), e.getMessage());
        fails(ErrorCode.UNKNOWN_TYPE, e.getMessage().replace("HealthCheckRequest", "nope"),
                pack(map("request_id", "m1", "type", "nope")));
    }

    @Test
    void wrongLengths() {
        ProtocolException shortArray = fails(ErrorCode.INVALID_FIELD,
                "invalid length 1, expected struct SpawnResponse with 5 elements", pack(arr("spawn_response", "r")));
        assertEquals("r", shortArray.requestId());
        fails(ErrorCode.INVALID_FIELD, "invalid length 2, expected 1 element in sequence",
                pack(arr("health_check_request", "r", "x")));
        fails(ErrorCode.INVALID_FIELD, "field config: invalid length 10, expected 9 elements in sequence",
                pack(arr("spawn_request", "r", Collections.nCopies(10, null))));
        // only a tail may be omitted: status, message and data have defaults but timestamp after them has none
        fails(ErrorCode.INVALID_FIELD, "invalid length 5, expected struct StatusUpdate with 6 elements",
                pack(arr("status_update", AGENT, "heartbeat")));
        fails(ErrorCode.INVALID_FIELD,
                "field timestamp: invalid length 1, expected struct SystemTime with 2 elements",
                pack(arr("log_stream", AGENT, "stdout", arr(), arr(1), 0)));
    }

    @Test
    void missingFieldInMapForm() {
        ProtocolException e = fails(ErrorCode.INVALID_FIELD, "missing field `config`",
                pack(map("type", "spawn_request", "request_id", "r")));
        assertEquals("r", e.requestId());
    }

    @Test
    void nilOnlyWhereOptional() {
        fails(ErrorCode.INVALID_FIELD, "field config.environment: invalid type: unit value, expected a map",
                pack(arr("spawn_request", "r", arr("n", "b", "t", null, null, null))));
        fails(ErrorCode.INVALID_FIELD, "field fail_fast: invalid type: unit value, expected a boolean",
                pack(arr("batch_control_command", "b", arr(), "stop", null, null)));
        fails(ErrorCode.INVALID_FIELD, "field request_id: invalid type: unit value, expected a string",
                pack(arr("health_check_request", null)));
    }

    @Test
    void wrongTypesAndValues() {
        fails(ErrorCode.INVALID_FIELD, "field success: invalid type: string \"yes\", expected a boolean",
                pack(arr("spawn_response", "r", "yes", null, null, null)));
        fails(ErrorCode.INVALID_FIELD, "field limit: invalid value: integer `-1`, expected u64",
                pack(arr("list_agents_request", "r", null, -1)));
        fails(ErrorCode.INVALID_FIELD, "field limit: invalid type: floating point `1.5`, expected u64",
                pack(arr("list_agents_request", "r", null, 1.5)));
        fails(ErrorCode.INVALID_FIELD, "field limit: invalid value: integer `18446744073709551615`, expected u64",
                hex("94b36c6973745f6167656e74735f72657175657374a172c0cfffffffffffffffff"));
        fails(ErrorCode.INVALID_FIELD, "field filter_status: unknown variant `Running`, expected one of `idle`, "
                        + "`initializing`, `running`, `thinking`, `paused`, `completed`, `failed`, `terminated`",
                pack(arr("list_agents_request", "r", "Running", null)));
        fails(ErrorCode.INVALID_FIELD, "field timestamp.nanos_since_epoch: invalid value: integer `4294967296`, "
                + "expected u32", pack(arr("log_stream", AGENT, "stdout", arr(), arr(1, 4294967296L), 0)));
    }

    @Test
    void badUuids() {
        fails(ErrorCode.INVALID_FIELD, "field agent_id: invalid uuid `not-a-uuid`: expected 16 bytes or a hyphenated, "
                + "simple, braced or urn:uuid: text form", pack(arr("control_command", "c", "not-a-uuid", "stop", null)));
        fails(ErrorCode.INVALID_FIELD, "field agent_id: invalid uuid: invalid length: expected 16 bytes, found 15",
                pack(arr("control_command", "c", new byte[15], "stop", null)));
        List<Object> sixteenInts = Collections.nCopies(16, 1);
        fails(ErrorCode.INVALID_FIELD, "field agent_id: invalid type: sequence, expected UUID",
                pack(arr("control_command", "c", sixteenInts, "stop", null)));
        fails(ErrorCode.INVALID_FIELD, "field agents[0].id: invalid uuid `x`: expected 16 bytes or a hyphenated, "
                        + "simple, braced or urn:uuid: text form",
                pack(arr("list_agents_response", "r", true, arr(arr("x", "a", "idle", "b", arr(1, 0), "t")), null)));
    }

    @Test
    void bytesMustBeAnArrayOfU8() {
        fails(ErrorCode.INVALID_FIELD, "field data: invalid type: byte array, expected a sequence",
                pack(arr("log_stream", AGENT, "stdout", new byte[] {104, 105}, arr(1, 0), 0)));
        fails(ErrorCode.INVALID_FIELD, "field data[1]: invalid value: integer `256`, expected u8",
                pack(arr("log_stream", AGENT, "stdout", arr(1, 256), arr(1, 0), 0)));
    }

    @Test
    void jsonValuesRejectBinAndNonStringKeys() {
        fails(ErrorCode.INVALID_FIELD, "field payload: invalid type: integer `1`, expected a string key",
                pack(arr("control_command", "c", AGENT, "signal", Map.of(1, "x"))));
        fails(ErrorCode.INVALID_FIELD, "field payload.data: invalid type: byte array, expected any valid JSON value",
                pack(arr("control_command", "c", AGENT, "write_stdin", map("data", new byte[] {1}))));
    }

    @Test
    void oversizeCarriesTheRequestId() {
        byte[] frame = hex("95af636f6e74726f6c5f636f6d6d616e64a8746573742d343536c410550e8400e29b41d4a716446655440000a57061757365c0");
        ProtocolException e = assertThrows(ProtocolException.class, () -> new DescartesCodec(50).decode(frame));
        assertEquals(ErrorCode.OVERSIZE, e.code());
        assertEquals("frame of 51 bytes exceeds the 50-byte limit", e.getMessage());
        assertEquals("test-456", e.requestId());
        assertEquals(new DescartesCodec().decode(frame), new DescartesCodec(51).decode(frame));
    }

    @Test
    void exactlyTenMebibytesIsAllowed() {
        int overhead = codec.encode(request("x".repeat(70_000))).length - 70_000; // str32 header from 64 KiB on
        SpawnRequest atLimit = request("x".repeat(DescartesCodec.DEFAULT_MAX_SIZE - overhead));
        byte[] frame = codec.encode(atLimit);
        assertEquals(DescartesCodec.DEFAULT_MAX_SIZE, frame.length);
        assertEquals(atLimit, codec.decode(frame));

        byte[] over = Arrays.copyOf(frame, frame.length + 1);
        ProtocolException decodeError = assertThrows(ProtocolException.class, () -> codec.decode(over));
        assertEquals("frame of 10485761 bytes exceeds the 10485760-byte limit", decodeError.getMessage());
        assertEquals("big", decodeError.requestId());
        SpawnRequest tooBig = request("x".repeat(DescartesCodec.DEFAULT_MAX_SIZE - overhead + 1));
        ProtocolException encodeError = assertThrows(ProtocolException.class, () -> codec.encode(tooBig));
        assertEquals(ErrorCode.OVERSIZE, encodeError.code());
        assertEquals("big", encodeError.requestId());
    }

    private static SpawnRequest request(String task) {
        return new SpawnRequest("big", AgentConfig.of("n", "claude", task), null, null);
    }
}
