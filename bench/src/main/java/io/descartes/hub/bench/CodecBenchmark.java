package io.descartes.hub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.ZmqMessage;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hub's codec (DescartesCodec) against a hand-written msgpack-core baseline that packs and unpacks the same
 * array layout (PROTOCOL §2.3, §4.1, §4.8) into the same records. Method names: {@code *_codec} vs {@code *_raw}, so
 * JMH (alphabetical order) runs each pair back to back; the report pairs them by the rest of the name.
 *
 * <p>validate_size: the hub's size check lives in {@link DescartesCodec#decode(byte[])} (frame length against the
 * 10 MiB limit, then the decode). Benchmarked as the decode of a health_check_request whose request id is padded so
 * that the whole frame is {@code size} bytes; the raw baseline does the same length check and unpacks by hand.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CodecBenchmark {

    static final String HEALTH = "health_check_request";
    static final String SPAWN = "spawn_request";

    final DescartesCodec codec = new DescartesCodec();
    HealthCheckRequest health;
    SpawnRequest spawn;
    byte[] healthBytes;
    byte[] spawnBytes;

    @Setup
    public void setup() {
        health = new HealthCheckRequest("6f1c2f9e-8a1b-4c53-9d1e-2b7f3c4d5e6f");
        spawn = new SpawnRequest("3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a",
                new AgentConfig("test-agent", "claude", "Process data", "Test context with some content", null,
                        Map.of(), null, null, null),
                30L, null);
        healthBytes = codec.encode(health);
        spawnBytes = codec.encode(spawn);
        // the baseline must produce the very same bytes and records, or the comparison means nothing
        check(Arrays.equals(healthBytes, Raw.packHealth(health)), "raw health bytes differ");
        check(Arrays.equals(spawnBytes, Raw.packSpawn(spawn)), "raw spawn bytes differ");
        check(health.equals(Raw.unpackHealth(healthBytes)), "raw health decode differs");
        check(spawn.equals(Raw.unpackSpawn(spawnBytes)), "raw spawn decode differs");
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("baseline mismatch: " + what);
        }
    }

    @Benchmark public byte[] health_check_serialize_codec() { return codec.encode(health); }
    @Benchmark public byte[] health_check_serialize_raw() { return Raw.packHealth(health); }
    @Benchmark public ZmqMessage health_check_deserialize_codec() { return codec.decode(healthBytes); }
    @Benchmark public HealthCheckRequest health_check_deserialize_raw() { return Raw.unpackHealth(healthBytes); }
    @Benchmark public byte[] spawn_request_serialize_codec() { return codec.encode(spawn); }
    @Benchmark public byte[] spawn_request_serialize_raw() { return Raw.packSpawn(spawn); }
    @Benchmark public ZmqMessage spawn_request_deserialize_codec() { return codec.decode(spawnBytes); }
    @Benchmark public SpawnRequest spawn_request_deserialize_raw() { return Raw.unpackSpawn(spawnBytes); }
    @Benchmark public ZmqMessage spawn_roundtrip_codec() { return codec.decode(codec.encode(spawn)); }
    @Benchmark public SpawnRequest spawn_roundtrip_raw() { return Raw.unpackSpawn(Raw.packSpawn(spawn)); }

    /** Frames of exactly {@code size} bytes for the size check. */
    @State(Scope.Benchmark)
    public static class Sized {
        @Param({"100", "1000", "10000", "100000"})
        public int size;
        public byte[] frame;

        @Setup
        public void setup() {
            DescartesCodec c = new DescartesCodec();
            int idLength = size;
            byte[] bytes;
            do { // shrink the id until header + tag + id fit exactly
                idLength--;
                bytes = c.encode(new HealthCheckRequest("x".repeat(idLength)));
            } while (bytes.length > size);
            if (bytes.length != size) { // str8/str16 header boundaries: pad is never more than 2 bytes off
                bytes = c.encode(new HealthCheckRequest("x".repeat(idLength + (size - bytes.length))));
            }
            frame = bytes;
            check(frame.length == size || Math.abs(frame.length - size) <= 2, "frame size " + frame.length);
        }
    }

    @Benchmark public ZmqMessage validate_size_codec(Sized s) { return codec.decode(s.frame); }
    @Benchmark public HealthCheckRequest validate_size_raw(Sized s) { return Raw.validateAndUnpackHealth(s.frame); }

    /** The hand-written baseline: msgpack-core only, no schema tables, no leniency. */
    static final class Raw {
        static final int MAX = 10 * 1024 * 1024;
        /** Small frames: the default 8 KB packer buffer would be most of the cost (the codec uses 512 B too). */
        static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(512);

        static byte[] packHealth(HealthCheckRequest m) {
            try (MessageBufferPacker p = PACKER.newBufferPacker()) {
                p.packArrayHeader(2).packString(HEALTH).packString(m.requestId());
                return p.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static byte[] packSpawn(SpawnRequest m) {
            try (MessageBufferPacker p = PACKER.newBufferPacker()) {
                p.packArrayHeader(5).packString(SPAWN).packString(m.requestId());
                AgentConfig c = m.config();
                p.packArrayHeader(9);
                p.packString(c.name()).packString(c.modelBackend()).packString(c.task());
                optString(p, c.context());
                optString(p, c.systemPrompt());
                p.packMapHeader(c.environment().size());
                for (Map.Entry<String, String> e : c.environment().entrySet()) {
                    p.packString(e.getKey()).packString(e.getValue());
                }
                optString(p, c.model());
                optString(p, c.toolLevel());
                p.packNil(); // agents: not used by the benchmark message
                if (m.timeoutSecs() == null) {
                    p.packNil();
                } else {
                    p.packLong(m.timeoutSecs());
                }
                if (m.metadata() == null) {
                    p.packNil();
                } else {
                    p.packMapHeader(m.metadata().size());
                    for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                        p.packString(e.getKey()).packString(e.getValue());
                    }
                }
                return p.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static HealthCheckRequest unpackHealth(byte[] frame) {
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
                if (u.unpackArrayHeader() != 2 || !HEALTH.equals(str(u))) {
                    throw new IllegalArgumentException("not a health_check_request");
                }
                return new HealthCheckRequest(str(u));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static HealthCheckRequest validateAndUnpackHealth(byte[] frame) {
            if (frame.length == 0 || frame.length > MAX) {
                throw new IllegalArgumentException("bad size " + frame.length);
            }
            return unpackHealth(frame);
        }

        static SpawnRequest unpackSpawn(byte[] frame) {
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
                if (u.unpackArrayHeader() != 5 || !SPAWN.equals(str(u))) {
                    throw new IllegalArgumentException("not a spawn_request");
                }
                String requestId = str(u);
                if (u.unpackArrayHeader() != 9) {
                    throw new IllegalArgumentException("AgentConfig is not an array of 9");
                }
                String name = str(u);
                String backend = str(u);
                String task = str(u);
                String context = optString(u);
                String systemPrompt = optString(u);
                int n = u.unpackMapHeader();
                Map<String, String> env = n == 0 ? Map.of() : new HashMap<>(n * 2);
                for (int i = 0; i < n; i++) {
                    env.put(str(u), str(u));
                }
                String model = optString(u);
                String toolLevel = optString(u);
                if (!u.tryUnpackNil()) {
                    throw new IllegalArgumentException("agents not supported by the baseline");
                }
                Long timeout = u.tryUnpackNil() ? null : u.unpackLong();
                Map<String, String> metadata = null;
                if (!u.tryUnpackNil()) {
                    int m = u.unpackMapHeader();
                    metadata = new HashMap<>(m * 2);
                    for (int i = 0; i < m; i++) {
                        metadata.put(str(u), str(u));
                    }
                }
                return new SpawnRequest(requestId,
                        new AgentConfig(name, backend, task, context, systemPrompt, env, model, toolLevel, null),
                        timeout, metadata);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void optString(MessageBufferPacker p, String s) throws IOException {
            if (s == null) {
                p.packNil();
            } else {
                p.packString(s);
            }
        }

        private static String optString(MessageUnpacker u) throws IOException {
            return u.getNextFormat() == MessageFormat.NIL && u.tryUnpackNil() ? null : str(u);
        }

        /**
         * A str read straight from the frame's bytes. Not {@code MessageUnpacker.unpackString()}: that allocates a
         * 16 KB CharBuffer decoder per unpacker, which would make the baseline an easy target.
         */
        private static String str(MessageUnpacker u) throws IOException {
            int length = u.unpackRawStringHeader();
            MessageBuffer utf8 = u.readPayloadAsReference(length);
            return new String(utf8.array(), utf8.arrayOffset(), length, StandardCharsets.UTF_8);
        }
    }
}
