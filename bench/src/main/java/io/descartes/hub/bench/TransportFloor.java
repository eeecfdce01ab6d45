package io.descartes.hub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * The machine's floor under the paced control row: what a request/reply costs here with nothing behind the socket.
 * {@code --serve-zmq=<address> --serve-tcp=<port>} is the server process: a JeroMQ ROUTER that sends every message back
 * on its envelope (CURVE as the hub with {@code --curve-dir}) and a TCP socket that writes back what it reads. The client
 * ({@code --zmq=<address> --tcp=<port>}) sends {@code --size} bytes {@code --rate} times a second for {@code --secs}
 * on each transport in turn, one request in flight, each latency from its intended send time (a late reply delays
 * the requests due meanwhile and counts for each), after {@code --warmup-secs} of the same. No codec, no threads of its
 * own beyond the transport's: the echo server's row adds DescartesCodec, the hub's adds its route and the commit.
 * Prints {@code RESULT floor transport=tcp|zmq rate=.. ops=.. p50_us=.. p90_us=.. p99_us=.. p999_us=..}.
 */
public final class TransportFloor {

    public static void main(String[] args) throws Exception {
        BenchCurve.use(args);
        String serveZmq = Stats.arg(args, "serve-zmq", "");
        if (!serveZmq.isEmpty()) {
            serve(serveZmq, Integer.parseInt(Stats.arg(args, "serve-tcp", "0")));
            return;
        }
        int rate = Integer.parseInt(Stats.arg(args, "rate", "1000"));
        double secs = Double.parseDouble(Stats.arg(args, "secs", "10"));
        double warmupSecs = Double.parseDouble(Stats.arg(args, "warmup-secs", "3"));
        byte[] request = new byte[Integer.parseInt(Stats.arg(args, "size", "150"))];
        try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(Stats.arg(args, "tcp", "19066")))) {
            tcp.setTcpNoDelay(true);
            RoundTrip echo = tcpRoundTrip(tcp, request);
            paced(echo, rate, warmupSecs);
            report("tcp", rate, paced(echo, rate, secs));
        }
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
            dealer.setLinger(0);
            dealer.setReceiveTimeOut(30_000);
            BenchCurve.client(dealer);
            dealer.connect(Stats.arg(args, "zmq", "tcp://127.0.0.1:19064"));
            RoundTrip echo = () -> {
                dealer.send(request);
                if (dealer.recv(0) == null) {
                    throw new IllegalStateException("no reply from the ZeroMQ echo within 30 s");
                }
            };
            paced(echo, rate, warmupSecs);
            report("zmq", rate, paced(echo, rate, secs));
        }
    }

    private interface RoundTrip {
        void run() throws IOException;
    }

    private static RoundTrip tcpRoundTrip(Socket tcp, byte[] request) throws IOException {
        OutputStream out = tcp.getOutputStream();
        InputStream in = tcp.getInputStream();
        byte[] reply = new byte[request.length];
        return () -> {
            out.write(request);
            in.readNBytes(reply, 0, reply.length);
        };
    }

    /** One round trip per due time, {@code rate} a second for {@code secs}; returns the latencies from each due time. */
    private static long[] paced(RoundTrip roundTrip, int rate, double secs) throws IOException {
        long interval = 1_000_000_000L / rate;
        long[] latencies = new long[(int) (secs * rate)];
        long due = System.nanoTime();
        for (int i = 0; i < latencies.length; i++) {
            due += interval;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            roundTrip.run();
            latencies[i] = System.nanoTime() - due;
        }
        return latencies;
    }

    private static void report(String transport, int rate, long[] latencies) {
        int n = latencies.length;
        System.out.printf("RESULT floor transport=%s rate=%d ops=%d p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f%n",
                transport, rate, n, Stats.percentileMicros(latencies, n, 50), Stats.percentileMicros(latencies, n, 90),
                Stats.percentileMicros(latencies, n, 99), Stats.percentileMicros(latencies, n, 99.9));
    }

    private static void serve(String zmqAddress, int tcpPort) throws IOException {
        ServerSocket tcp = new ServerSocket(tcpPort, 4, InetAddress.getLoopbackAddress());
        Thread tcpEcho = new Thread(() -> {
            while (!tcp.isClosed()) {
                Socket s;
                try {
                    s = tcp.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                // a client that went away (reset) ends its connection, not the echo
                try (s) {
                    s.setTcpNoDelay(true);
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException e) {
                    System.out.println("tcp echo: connection ended: " + e.getMessage());
                }
            }
        }, "tcp-echo");
        tcpEcho.setDaemon(true);
        tcpEcho.start();
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            router.setLinger(0);
            BenchCurve.server(router);
            router.bind(zmqAddress);
            System.out.println("transport floor ready on " + zmqAddress + " and tcp port " + tcpPort);
            for (ZMsg m; (m = ZMsg.recvMsg(router)) != null; ) {
                m.send(router);
            }
        }
    }
}
