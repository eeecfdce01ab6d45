package io.descartes.hub.bench;

import java.util.UUID;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.ZmqMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Sequential request/reply latency of a command endpoint: a JeroMQ DEALER sends health_check_request framed like an
 * upstream REQ client (["", payload]) and waits for the reply before sending the next. Prints one line:
 * {@code RESULT latency target=<name> n=<n> p50_us=<..> p99_us=<..> mean_us=<..>}.
 */
public final class LatencyClient {

    public static void main(String[] args) {
        BenchCurve.use(args);
        String connect = Stats.arg(args, "connect", "tcp://127.0.0.1:19065");
        String name = Stats.arg(args, "name", "target");
        int warmup = Integer.parseInt(Stats.arg(args, "warmup", "5000"));
        int n = Integer.parseInt(Stats.arg(args, "n", "20000"));
        // a slow target is measured for at most this long; the line reports how many samples it got
        double maxSecs = Double.parseDouble(Stats.arg(args, "max-secs", "30"));
        DescartesCodec codec = new DescartesCodec();
        String prefix = UUID.randomUUID().toString();
        long[] samples = new long[n];
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
            dealer.setLinger(0);
            dealer.setReceiveTimeOut(10_000);
            BenchCurve.client(dealer);
            dealer.connect(connect);
            long sum = 0;
            long deadline = Long.MAX_VALUE;
            int measured = 0;
            for (int i = -warmup; i < n; i++) {
                if (i == 0) {
                    deadline = System.nanoTime() + (long) (maxSecs * 1e9);
                } else if (i > 0 && System.nanoTime() > deadline) {
                    break;
                }
                byte[] payload = codec.encode(new HealthCheckRequest(prefix + "-" + (i + warmup)));
                long t0 = System.nanoTime();
                dealer.sendMore(new byte[0]);
                dealer.send(payload);
                byte[] reply = null;
                do {
                    byte[] frame = dealer.recv(0);
                    if (frame == null) {
                        throw new IllegalStateException(name + ": no reply within 10 s (request " + (i + warmup) + ")");
                    }
                    reply = frame;
                } while (dealer.hasReceiveMore());
                long t1 = System.nanoTime();
                ZmqMessage m = codec.decode(reply);
                if (!(m instanceof HealthCheckResponse r) || !r.healthy()) {
                    throw new IllegalStateException(name + ": unexpected reply " + m);
                }
                if (i >= 0) {
                    samples[i] = t1 - t0;
                    sum += t1 - t0;
                    measured++;
                }
            }
            double mean = sum / (double) measured / 1000.0;
            double p50 = Stats.percentileMicros(samples, measured, 50);
            double p99 = Stats.percentileMicros(samples, measured, 99);
            System.out.printf("RESULT latency target=%s n=%d p50_us=%.1f p99_us=%.1f mean_us=%.1f%n", name, measured, p50, p99, mean);
        }
    }
}
