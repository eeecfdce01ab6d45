package io.descartes.hub.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;
import io.descartes.hub.protocol.JsonTextWriter;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.WireTime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The events row's content text of a LoadHarness event (log_stream, 64 bytes of text), as the ingest path writes it:
 * a generator and a StringWriter per document ({@code fresh}) against one generator per thread over a reused buffer
 * ({@code reused}, JsonTextWriter). Not in bench/run.sh's report: run by hand,
 * {@code java -jar bench/target/benchmarks.jar RowJsonBenchmark -prof io.descartes.hub.bench.CpuTimeProfiler}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RowJsonBenchmark {

    final JsonFactory factory = ProtocolJson.MAPPER.getFactory();
    final JsonTextWriter writer = new JsonTextWriter(factory);
    LogStream event;

    @Setup
    public void setup() throws IOException {
        byte[] data = new byte[64];
        Arrays.fill(data, (byte) 'x');
        event = new LogStream(UUID.randomUUID(), LogStreamType.STDOUT, data, WireTime.now(), 42);
        if (!fresh().equals(reused())) {
            throw new IllegalStateException("the two texts differ");
        }
    }

    @Benchmark
    public String fresh() throws IOException {
        return ProtocolJson.text(factory, 256, out -> ProtocolJson.write(out, event));
    }

    @Benchmark
    public String reused() throws IOException {
        return writer.text(out -> ProtocolJson.write(out, event));
    }
}
