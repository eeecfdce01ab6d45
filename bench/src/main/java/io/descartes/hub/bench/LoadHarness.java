package io.descartes.hub.bench;

import java.io.IOException;
import java.util.ArrayList;
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
 *
 * <p>{@code --pair=<name>@<address>}: a second server measured in the same call, the measured time split A B B A
 * (half of {@code --max-secs} each, one RESULT per server over its two halves), so both see the machine as it was
 * over the same span; each warms up on its own first. Its options are the first's with a {@code pair-} prefix:
 * {@code --pair-ws}, {@code --pair-server-pid}, {@code --pair-server-gc-log}.
 */
public final class LoadHarness {

    private static final byte[] EMPTY = new byte[0];

    public static void main(String[] args) throws Exception {
        BenchCurve.use(args);
        int k = Integer.parseInt(Stats.arg(args, "k", "4"));
        int n = Integer.parseInt(Stats.arg(args, "n", "100000"));
        int window = Integer.parseInt(Stats.arg(args, "window", "256"));
        double rate = Double.parseDouble(Stats.arg(args, "rate", "0"));
        int dataBytes = Integer.parseInt(Stats.arg(args, "data-bytes", "64"));
        // senders stop sending after this long (then wait for their acks): N is a cap, time the budget
        double maxSecs = Double.parseDouble(Stats.arg(args, "max-secs", "60"));
        String wsToken = Stats.arg(args, "ws-token", "");
        int wsClients = Integer.parseInt(Stats.arg(args, "ws-clients", "10"));
        double warmupSecs = Double.parseDouble(Stats.arg(args, "warmup-secs", "0"));

        List<Target> targets = new ArrayList<>();
        targets.add(Target.of(args, "", Stats.arg(args, "name", "target"), Stats.arg(args, "connect", "tcp://127.0.0.1:19057"),
                wsToken, wsClients));
        String pair = Stats.arg(args, "pair", "");
        if (!pair.isEmpty()) {
            int at = pair.indexOf('@');
            if (at < 1) {
                throw new IllegalArgumentException("--pair=<name>@<address>: " + pair);
            }
            targets.add(Target.of(args, "pair-", pair.substring(0, at), pair.substring(at + 1), wsToken, wsClients));
        }
        try (ZContext ctx = new ZContext()) {
            for (Target t : targets) {
                t.connect(ctx, k);
                if (warmupSecs > 0) {
                    // the harness's own JIT and connection set-up, not the server's latency: a warm-up at the same
                    // rate, drained before the measured schedule starts (its events are reported, so durability counts them)
                    t.expected += report("warmup-" + t.name, k, rate, phase(t, n, window, rate, dataBytes, warmupSecs));
                }
            }
            if (targets.size() == 1) {
                Target t = targets.get(0);
                t.expected += report(t.name, k, rate, phase(t, n, window, rate, dataBytes, maxSecs));
            } else {
                // A B B A, half the time each: a drift of the machine's speed over the pair's run (the neighbours'
                // load, the host's clock) falls on both servers alike instead of on whichever ran second
                Target a = targets.get(0);
                Target b = targets.get(1);
                Phase a1 = phase(a, n, window, rate, dataBytes, maxSecs / 2);
                Phase b1 = phase(b, n, window, rate, dataBytes, maxSecs / 2);
                Phase b2 = phase(b, n, window, rate, dataBytes, maxSecs / 2);
                Phase a2 = phase(a, n, window, rate, dataBytes, maxSecs / 2);
                a.expected += report(a.name, k, rate, a1, a2);
                b.expected += report(b.name, k, rate, b1, b2);
            }
            for (Target t : targets) {
                t.finish(k, rate);
            }
        }
    }

    /**
     * A server under load: its address, its K senders' sockets, its WebSocket clients and memory watch, the new events
     * it acked. The sockets stay connected from one phase to the next (each phase drains its acks), so a measured phase
     * after a warm-up does not count the connections' set-up (CURVE handshake) in its latencies.
     */
    private static final class Target {
        final String name;
        final String connect;
        final List<WsEventCounter> counters;
        final ServerMemory memory;
        final List<ZMQ.Socket> sockets = new ArrayList<>();
        long expected;

        private Target(String name, String connect, List<WsEventCounter> counters, ServerMemory memory) {
            this.name = name;
            this.connect = connect;
            this.counters = counters;
            this.memory = memory;
        }

        /** The target whose options start with {@code prefix} ({@code --ws}, {@code --server-pid} ...; the pair's {@code --pair-ws} ...). */
        static Target of(String[] args, String prefix, String name, String connect, String wsToken, int wsClients)
                throws IOException {
            String ws = Stats.arg(args, prefix + "ws", "");
            return new Target(name, connect, ws.isEmpty() ? List.of() : WsEventCounter.connect(ws, wsToken, wsClients),
                    ServerMemory.watch(args, prefix));
        }

        /** Sender i's socket, connected to the (i mod count)-th address. */
        void connect(ZContext ctx, int k) {
            String[] connects = connect.split(",");
            for (int i = 0; i < k; i++) {
                ZMQ.Socket socket = ctx.createSocket(SocketType.DEALER);
                socket.setLinger(0);
                socket.setSndHWM(100_000);
                socket.setRcvHWM(100_000);
                // JeroMQ 0.6 now and then stalls a fresh connection's handshake until this interval (30 s by default)
                // retries it: seen here as a run with no ack for 30 s
                socket.setHandshakeIvl(1000);
                BenchCurve.client(socket);
                socket.connect(connects[i % connects.length]);
                sockets.add(socket);
            }
        }

        /** Waits (10 s at most) for every client to have every event, prints the ws and mem RESULT lines. */
        void finish(int k, double rate) throws IOException, InterruptedException {
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
            if (memory != null) {
                memory.report(name, k, rate);
            }
        }
    }

    /** What one run of the senders did: counts, its time, and every acked event's latency in ns. */
    private record Phase(int sent, int acked, long duplicates, double secs, long[] latencies, String failure) {
    }

    /** The target's K senders until each sent its share of n or maxSecs passed, then their acks. */
    private static Phase phase(Target target, int n, int window, double rate, int dataBytes, double maxSecs)
            throws InterruptedException {
        int k = target.sockets.size();
        Sender[] senders = new Sender[k];
        for (int i = 0; i < k; i++) {
            int quota = n / k + (i < n % k ? 1 : 0);
            senders[i] = new Sender(target.sockets.get(i), quota, window, rate / k, dataBytes, maxSecs);
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
                failure = s.failure;
            }
        }
        long[] all = new long[total];
        int at = 0;
        for (Sender s : senders) {
            System.arraycopy(s.latencies, 0, all, at, s.acked);
            at += s.acked;
        }
        return new Phase(sentAll, total, dup, secs, all, failure);
    }

    /** Prints one RESULT for the phases together (events/s over their summed time); returns the new events. */
    private static long report(String name, int k, double rate, Phase... phases) {
        int sent = 0;
        int acked = 0;
        long dup = 0;
        double secs = 0;
        String failure = "";
        for (Phase p : phases) {
            sent += p.sent();
            acked += p.acked();
            dup += p.duplicates();
            secs += p.secs();
            failure = p.failure().isEmpty() ? failure : p.failure();
        }
        long[] all = new long[acked];
        int at = 0;
        for (Phase p : phases) {
            System.arraycopy(p.latencies(), 0, all, at, p.acked());
            at += p.acked();
        }
        System.out.printf("RESULT load target=%s k=%d sent=%d rate=%.0f acked=%d dup=%d secs=%.2f eps=%.0f p50_us=%.0f p99_us=%.0f%s%n",
                name, k, sent, rate, acked, dup, secs, acked / secs,
                Stats.percentileMicros(all, acked, 50), Stats.percentileMicros(all, acked, 99),
                failure.isEmpty() ? "" : " failure=\"" + failure + "\"");
        return acked - dup;
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

        Sender(ZMQ.Socket socket, int quota, int window, double ratePerSec, int dataBytes, double maxSecs) {
            this.socket = socket;
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
