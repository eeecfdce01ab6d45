package io.descartes.hub.zmq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

/** Camel's test support (a fresh, started context per test) plus a plain JeroMQ context for the peers the tests play. */
abstract class ZmqTestSupport extends CamelTestSupport {

    static final long WAIT_SECONDS = 20;

    protected final ZContext peers = new ZContext();

    /** Each test adds the routes it needs to the running context. */
    protected void addRoutes(RoutesBuilder... routes) throws Exception {
        for (RoutesBuilder route : routes) {
            context.addRoutes(route);
        }
    }

    @AfterEach
    void closePeers() {
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

    /** Awaitility, on the test's thread (ZMQ sockets are not thread-safe), with a generous limit. */
    static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(WAIT_SECONDS)).pollInterval(Duration.ofMillis(50))
                .pollInSameThread();
    }

    /** ZMQ releases a closed listener asynchronously, so a peer re-binding the same port may have to wait for it. */
    static void bindWhenReleased(ZMQ.Socket socket, String address) {
        await("the release of " + address)
                .ignoreExceptionsMatching(e -> e instanceof ZMQException z && z.getErrorCode() == ZError.EADDRINUSE)
                .until(() -> socket.bind(address));
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
