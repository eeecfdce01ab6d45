package io.descartes.hub.bench;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * End-to-end ingest load: K DEALER senders (one thread and socket each) send log_stream events to a runner link
 * (the hub's, or the baseline server's), each with at most {@code window} unacked events in flight. Every event has a
 * unique (agent, sequence), so each is a new row. An event counts when its event_ack arrives; latency is send → ack
 * (with {@code --rate}, from the scheduled send time, so a sender that falls behind is not flattered).
 * Prints {@code RESULT load target=.. k=.. n=.. acked=.. dup=.. secs=.. eps=.. p50_us=.. p99_us=..}. With several
 * addresses ({@code --connect=tcp://a,tcp://b}) sender i connects to the (i mod count)-th: K senders in all, spread
 * over several servers (the several-hubs bench).
 *
 * <p>{@code --warmup-secs=S}: first a run of S seconds with the same senders' settings, reported as
 * {@code warmup-<name>}, whose acks all arrive before the measured run starts, so the measured latencies do not include
 * the harness JVM's own start-up (JIT, connections), which would otherwise be charged to whichever server runs first.
 *
 * <p>{@code --ws=<url> --ws-clients=10}: WebSocket clients ({@link WsEventCounter}) connected during the run, each
 * counting the recorded events it receives and checking their ids rise; prints
 * {@code RESULT ws target=.. k=.. rate=.. clients=.. deliveries=.. expected=.. min_per_client=.. closed=..} (and
 * {@code failure=".."} when a stream broke the order).
 *
 * <p>{@code --server-pid=PID --server-gc-log=FILE}: the server's peak RSS and the GC pauses its log gained over the
 * whole call, warm-up and WebSocket drain included ({@link ServerMemory}).
 */
public final class LoadHarness {

    private static final byte[] EMPTY = new byte[0];

    public static void main(String[] args) throws Exception {
        BenchCurve.use(args);
        String connect = Stats.arg(args, "connect", "tcp://127.0.0.1:19057");
        String name = Stats.arg(args, "name", "target");
        int k = Integer.parseInt(Stats.arg(args, "k", "4"));
        int n = Integer.parseInt(Stats.arg(args, "n", "100000"));
        int window = Integer.parseInt(Stats.arg(args, "window", "256"));
        double rate = Double.parseDouble(Stats.arg(args, "rate", "0"));
        int dataBytes = Integer.parseInt(Stats.arg(args, "data-bytes", "64"));
        // senders stop sending after this long (then wait for their acks): N is a cap, time the budget
        double maxSecs = Double.parseDouble(Stats.arg(args, "max-secs", "60"));
        String ws = Stats.arg(args, "ws", "");
        int wsClients = Integer.parseInt(Stats.arg(args, "ws-clients", "10"));
        String wsToken = Stats.arg(args, "ws-token", "");
        double warmupSecs = Double.parseDouble(Stats.arg(args, "warmup-secs", "0"));

        ServerMemory memory = ServerMemory.watch(args);
        List<WsEventCounter> counters = ws.isEmpty() ? List.of() : WsEventCounter.connect(ws, wsToken, wsClients);

        try (ZContext ctx = new ZContext()) {
            long expected = 0;
            if (warmupSecs > 0) {
                // the harness's own JIT and connection set-up, not the server's latency: a warm-up at the same rate,
                // drained before the measured schedule starts (its events are reported, so durability counts them)
                expected += phase(ctx, connect, "warmup-" + name, k, n, window, rate, dataBytes, warmupSecs);
            }
            expected += phase(ctx, connect, name, k, n, window, rate, dataBytes, maxSecs);
            if (!counters.isEmpty()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline && WsEventCounter.total(counters) < expected * counters.size()) {
                    Thread.sleep(50);
                }
                String failure = WsEventCounter.failures(counters);
                System.out.printf("RESULT ws target=%s k=%d rate=%.0f clients=%d deliveries=%d expected=%d min_per_client=%d closed=%d%s%n",
                        name, k, rate, counters.size(),
                        WsEventCounter.total(counters), expected * counters.size(), WsEventCounter.min(counters),
                        WsEventCounter.closedCount(counters), failure.isEmpty() ? "" : " failure=\"" + failure + "\"");
                WsEventCounter.closeAll(counters);
            }
        }
        if (memory != null) {
            memory.report(name, k, rate);
        }
    }

    /** K senders until each sent its share of n or maxSecs passed, then their acks; prints one RESULT, returns the new events. */
    private static long phase(ZContext ctx, String connect, String name, int k, int n, int window, double rate, int dataBytes,
                              double maxSecs) throws InterruptedException {
        Sender[] senders = new Sender[k];
        String[] connects = connect.split(",");
        for (int i = 0; i < k; i++) {
            int quota = n / k + (i < n % k ? 1 : 0);
            senders[i] = new Sender(ctx, connects[i % connects.length], quota, window, rate / k, dataBytes, maxSecs);
        }
        double secs = StartTogether.run("sender", Arrays.stream(senders).map(s -> (Consumer<CountDownLatch>) s::run).toList());
        long dup = 0;
        int total = 0;
        int sentAll = 0;
        String failure = "";
        for (Sender s : senders) {
            sentAll += s.sent;
            dup += s.duplicates;
            total += s.acked;
            if (s.failure != null) {
                failure = " failure=\"" + s.failure + "\"";
            }
            ctx.destroySocket(s.socket);
        }
        long[] all = new long[total];
        int at = 0;
        for (Sender s : senders) {
            System.arraycopy(s.latencies, 0, all, at, s.acked);
            at += s.acked;
        }
        System.out.printf("RESULT load target=%s k=%d sent=%d rate=%.0f acked=%d dup=%d secs=%.2f eps=%.0f p50_us=%.0f p99_us=%.0f%s%n",
                name, k, sentAll, rate, total, dup, secs, total / secs,
                Stats.percentileMicros(all, total, 50), Stats.percentileMicros(all, total, 99), failure);
        return total - dup;
    }

    /** One sender: its own socket, agent id and sequence; sends while its window has room, reads acks between. */
    static final class Sender {
        final ZMQ.Socket socket;
        final int quota;
        final int window;
        final double ratePerSec;
        final double maxSecs;
        final byte[] data;
        final UUID agent = UUID.randomUUID();
        final String keyPrefix;
        final long[] sentAt;
        final long[] latencies;
        final DescartesCodec codec = new DescartesCodec();
        int sent;
        int acked;
        int duplicates;
        String failure;

        Sender(ZContext ctx, String connect, int quota, int window, double ratePerSec, int dataBytes, double maxSecs) {
            this.quota = quota;
            this.maxSecs = maxSecs;
            this.window = window;
            this.ratePerSec = ratePerSec;
            this.data = new byte[dataBytes];
            for (int i = 0; i < dataBytes; i++) {
                data[i] = (byte) (i == dataBytes - 1 ? '\n' : 'a' + i % 26);
            }
            this.keyPrefix = agent + "/stdout/";
            this.sentAt = new long[quota];
            this.latencies = new long[quota];
            socket = ctx.createSocket(SocketType.DEALER);
            socket.setLinger(0);
            socket.setSndHWM(100_000);
            socket.setRcvHWM(100_000);
            // JeroMQ 0.6 now and then stalls a fresh connection's handshake until this interval (30 s by default)
            // retries it: seen here as a run with no ack for 30 s
            socket.setHandshakeIvl(1000);
            BenchCurve.client(socket);
            socket.connect(connect);
        }

        void run(CountDownLatch go) {
            try {
                go.await();
                loop();
            } catch (Exception e) {
                failure = e.toString();
            }
        }

        private void loop() {
            long intervalNanos = ratePerSec > 0 ? (long) (1e9 / ratePerSec) : 0;
            long start = System.nanoTime();
            int limit = quota;
            long stopSending = start + (long) (maxSecs * 1e9);
            long lastProgress = System.nanoTime();
            while (acked < limit) {
                long now = System.nanoTime();
                if (limit == quota && now > stopSending) {
                    limit = sent; // out of time: wait for what is in flight, send nothing more
                }
                while (sent < limit && sent - acked < window) {
                    long scheduled = start + sent * intervalNanos;
                    if (intervalNanos > 0 && now < scheduled) {
                        break;
                    }
                    LogStream event = new LogStream(agent, LogStreamType.STDOUT, data, WireTime.now(), sent);
                    byte[] payload = codec.encode(event);
                    sentAt[sent] = intervalNanos > 0 ? scheduled : System.nanoTime();
                    socket.send(EMPTY, ZMQ.SNDMORE);
                    socket.send(payload, 0);
                    sent++;
                }
                // wait for an ack, or until the next scheduled send
                int timeoutMs = 1;
                if (intervalNanos == 0 || sent >= limit || sent - acked >= window) {
                    timeoutMs = 100;
                }
                int got = receiveAcks(timeoutMs);
                if (got > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(30)) {
                    throw new IllegalStateException("no ack for 30 s: sent " + sent + ", acked " + acked);
                }
                if (limit == quota && System.nanoTime() > stopSending) {
                    limit = sent;
                }
            }
        }

        private int receiveAcks(int timeoutMs) {
            int got = 0;
            socket.setReceiveTimeOut(timeoutMs);
            byte[] frame = socket.recv(0);
            while (frame != null) {
                byte[] payload = frame;
                while (socket.hasReceiveMore()) {
                    payload = socket.recv(0);
                }
                long now = System.nanoTime();
                if (payload.length > 0) {
                    ZmqMessage m = codec.decode(payload);
                    if (!(m instanceof EventAck ack)) {
                        throw new IllegalStateException("not an event_ack: " + m);
                    }
                    int seq = Integer.parseInt(ack.key().substring(keyPrefix.length()));
                    latencies[acked++] = now - sentAt[seq];
                    if (ack.duplicate()) {
                        duplicates++;
                    }
                    got++;
                }
                frame = socket.recv(ZMQ.DONTWAIT);
            }
            return got;
        }
    }
}
