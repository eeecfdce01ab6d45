package io.descartes.hub.zmq;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

/** A fresh CamelContext per test plus a plain JeroMQ context for the peers the tests play. */
abstract class ZmqTestSupport {

    static final long WAIT_SECONDS = 20;

    protected CamelContext context;
    protected ProducerTemplate template;
    protected final ZContext peers = new ZContext();

    protected void start(RoutesBuilder... routes) throws Exception {
        context = new DefaultCamelContext();
        for (RoutesBuilder route : routes) {
            context.addRoutes(route);
        }
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopAll() {
        if (context != null) {
            context.stop();
        }
        peers.close();
    }

    /** For connect-side endpoints, for the reason {@link #peer} gives. */
    static final String FAST_HANDSHAKE = "handshakeInterval=1000";

    /**
     * A plain JeroMQ peer. JeroMQ 0.6 sometimes stalls the ZMTP handshake of a fresh connect-side socket until the
     * handshake interval (30 s by default) drops and retries the connection, so peers use a short one.
     */
    protected ZMQ.Socket peer(SocketType type) {
        ZMQ.Socket socket = peers.createSocket(type);
        socket.setHandshakeIvl(1000);
        return socket;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** ZMQ releases a closed listener asynchronously, so a peer re-binding the same port may have to wait for it. */
    static void bindWhenReleased(ZMQ.Socket socket, String address) {
        for (int attempt = 1; ; attempt++) {
            try {
                socket.bind(address);
                return;
            } catch (ZMQException e) {
                if (e.getErrorCode() != ZError.EADDRINUSE || attempt == 100) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    static String tcp(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
