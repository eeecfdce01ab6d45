package io.descartes.hub.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.BusAttach;
import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Bus throughput and latency between two agents over one target (the hub's command endpoint or BaselineBusRelay):
 * agent "bench-a" sends direct messages that need an ack to "bench-b", at most {@code --window} of them waiting for
 * their stored reply; b acks each delivery. Latency is send to delivery, both in this process (one clock). A warm-up
 * phase runs first and is not reported. Prints {@code RESULT bus target=<name> window=<w> delivered=<n> secs=<s>
 * rate=<msgs/s> p50_us=.. p99_us=.. max_us=..}.
 */
public final class BusHarness {

    private static final String A = "bench-a";
    private static final String B = "bench-b";

    private final DescartesCodec codec = new DescartesCodec();
    private final ObjectNode payload = JsonNodeFactory.instance.objectNode().put("task", "bench");
    private final ZMQ.Socket a;
    private final ZMQ.Socket b;
    private final ZMQ.Poller poller;

    private BusHarness(ZContext ctx, String connect) {
        a = socket(ctx, connect);
        b = socket(ctx, connect);
        poller = ctx.createPoller(2);
        poller.register(a, ZMQ.Poller.POLLIN);
        poller.register(b, ZMQ.Poller.POLLIN);
        attach(a, A);
        attach(b, B);
    }

    public static void main(String[] args) {
        BenchCurve.use(args);
        String connect = Stats.arg(args, "connect", "tcp://127.0.0.1:19055");
        String name = Stats.arg(args, "name", "hub");
        int window = Integer.parseInt(Stats.arg(args, "window", "64"));
        int n = Integer.parseInt(Stats.arg(args, "n", "100000"));
        int warmup = Integer.parseInt(Stats.arg(args, "warmup", "5000"));
        double maxSecs = Double.parseDouble(Stats.arg(args, "max-secs", "10"));
        try (ZContext ctx = new ZContext()) {
            BusHarness harness = new BusHarness(ctx, connect);
            // ids unique to this run: the bus stores each sender's ids once, and a re-sent id is not delivered again
            String run = Long.toString(System.currentTimeMillis(), 36);
            harness.run("w" + run + "-", warmup, window, maxSecs, null);
            harness.run("m" + run + "-", n, window, maxSecs, name);
        }
    }

    private static ZMQ.Socket socket(ZContext ctx, String connect) {
        ZMQ.Socket socket = ctx.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setRcvHWM(100_000);
        socket.setSndHWM(100_000);
        BenchCurve.client(socket);
        socket.connect(connect);
        return socket;
    }

    private void attach(ZMQ.Socket socket, String address) {
        socket.send(codec.encode(new BusAttach(address)));
        if (!(codec.decode(socket.recv(0)) instanceof BusReply reply) || !reply.ok()) {
            throw new IllegalStateException("bus_attach " + address + " refused");
        }
    }

    /**
     * Sends {@code count} messages with ids {@code phase<i>} (or as many as fit in maxSecs); reports when {@code name}
     * is not null. Every delivery is acked; only first deliveries of this phase are counted.
     */
    private void run(String phase, int count, int window, double maxSecs, String name) {
        long[] sentAt = new long[count];
        long[] latencies = new long[count];
        int sent = 0;
        int stored = 0;
        int delivered = 0;
        int acksOpen = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (maxSecs * 1e9);
        while ((delivered < count || acksOpen > 0) && System.nanoTime() < deadline) {
            while (sent < count && sent - stored < window) {
                sentAt[sent] = System.nanoTime();
                a.send(codec.encode(new BusMessage(phase + sent, BusKind.DIRECT, A, B, null, null, null, null, payload,
                        50, WireTime.now(), 0, true, null)));
                sent++;
            }
            poller.poll(100);
            for (byte[] frame = a.recv(ZMQ.DONTWAIT); frame != null; frame = a.recv(ZMQ.DONTWAIT)) {
                if (codec.decode(frame) instanceof BusReply reply && !reply.ok()) {
                    throw new IllegalStateException("refused: " + reply);
                }
                stored++;
            }
            for (byte[] frame = b.recv(ZMQ.DONTWAIT); frame != null; frame = b.recv(ZMQ.DONTWAIT)) {
                ZmqMessage message = codec.decode(frame);
                if (message instanceof BusMessage m) {
                    if (m.id().startsWith(phase) && m.attempts() == 1) {
                        latencies[delivered++] = System.nanoTime() - sentAt[Integer.parseInt(m.id().substring(phase.length()))];
                    }
                    b.send(codec.encode(new BusMessage("ack-" + m.id(), BusKind.ACK, B, A, null, null, m.id(), null,
                            null, 50, WireTime.now(), 0, false, null)));
                    acksOpen++;
                } else {
                    acksOpen--; // the bus_reply to an ack
                }
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (name != null) {
            System.out.printf("RESULT bus target=%s window=%d delivered=%d secs=%.2f rate=%.0f p50_us=%.0f p99_us=%.0f"
                    + " max_us=%.0f%n", name, window, delivered, secs, delivered / secs,
                    Stats.percentileMicros(latencies, delivered, 50), Stats.percentileMicros(latencies, delivered, 99),
                    Stats.percentileMicros(latencies, delivered, 100));
        }
    }
}
