package io.descartes.hub.bench;

import java.util.Map;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.ZmqMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Hand-written baseline for the command-endpoint latency: a plain JeroMQ ROUTER, one thread, that decodes each
 * request with DescartesCodec and answers a health_check_response on the same envelope. No Camel, no database.
 * Runs as its own process: {@code java -cp benchmarks.jar io.descartes.hub.bench.EchoServer --bind=tcp://...}.
 */
public final class EchoServer {

    public static void main(String[] args) {
        String bind = Stats.arg(args, "bind", "tcp://127.0.0.1:19065");
        DescartesCodec codec = new DescartesCodec();
        long started = System.currentTimeMillis();
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            router.bind(bind);
            System.out.println("echo server ready on " + bind);
            while (!Thread.currentThread().isInterrupted()) {
                byte[] identity = router.recv(0);
                if (identity == null) {
                    break;
                }
                // envelope: identity, optional empty delimiter, payload
                byte[] next = router.recv(0);
                boolean delimiter = next.length == 0 && router.hasReceiveMore();
                byte[] payload = delimiter ? router.recv(0) : next;
                while (router.hasReceiveMore()) {
                    router.recv(0);
                }
                ZmqMessage request = codec.decode(payload);
                String id = request instanceof HealthCheckRequest h ? h.requestId() : "";
                byte[] reply = codec.encode(new HealthCheckResponse(id, true, "1.0.0",
                        (System.currentTimeMillis() - started) / 1000, 0L, Map.of("server_id", "echo")));
                router.sendMore(identity);
                if (delimiter) {
                    router.sendMore(new byte[0]);
                }
                router.send(reply);
            }
        }
    }
}
