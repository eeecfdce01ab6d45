package io.descartes.hub.zmq;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The ZAP handler (ZeroMQ RFC 27) of the component's context: once it is bound on
 * {@value #ZAP_ENDPOINT}, every CURVE server socket of the context asks it about each client's
 * public key. A socket whose ZAP domain is registered here admits only the listed keys; CURVE
 * sockets of other domains keep the keys-only behaviour (any client knowing the server key).
 * The handler runs on its own thread, which alone uses its REP socket.
 */
final class ZapAllowList {

    static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";
    private static final Logger LOG = LoggerFactory.getLogger(ZapAllowList.class);
    private static final int POLL_MS = 100;

    private final Map<String, ClientKeys> allowedByDomain = new ConcurrentHashMap<>();
    private final Thread thread;
    private final CountDownLatch bound = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile RuntimeException bindFailure;

    ZapAllowList(ZMQ.Context context) {
        thread = new Thread(() -> serve(context), "zmq-zap-handler");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!bound.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ZAP handler did not bind " + ZAP_ENDPOINT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the ZAP handler", e);
        }
        if (bindFailure != null) {
            throw bindFailure;
        }
    }

    /** Clients of sockets with this ZAP domain must present a public key these admit (asked at each handshake). */
    void allow(String domain, ClientKeys keys) {
        allowedByDomain.put(domain, keys);
    }

    /** Ends the thread and closes its socket; the context's term() waits for that. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(5000);
    }

    private void serve(ZMQ.Context context) {
        ZMQ.Socket socket = context.socket(SocketType.REP);
        try {
            socket.setLinger(0);
            socket.setReceiveTimeOut(POLL_MS);
            socket.bind(ZAP_ENDPOINT);
        } catch (ZMQException e) {
            socket.close();
            bindFailure = new IllegalStateException("cannot bind the ZAP handler on " + ZAP_ENDPOINT, e);
            bound.countDown();
            return;
        }
        bound.countDown();
        try {
            while (running) {
                byte[] version = socket.recv();
                if (version == null) {
                    continue; // poll timeout: look at the running flag again
                }
                answer(socket, version);
            }
        } finally {
            socket.close();
        }
    }

    /** Request: version, request id, domain, address, identity, mechanism, credentials... */
    private void answer(ZMQ.Socket socket, byte[] version) {
        byte[][] frames = new byte[7][];
        frames[0] = version;
        int count = 1;
        while (socket.hasReceiveMore()) {
            byte[] frame = socket.recv();
            if (count < frames.length) {
                frames[count] = frame;
            }
            count++;
        }
        byte[] requestId = frames[1] == null ? new byte[0] : frames[1];
        String domain = text(frames[2]);
        String mechanism = text(frames[5]);
        boolean allowed = admits(domain, mechanism, frames[6]);
        if (!allowed) {
            LOG.warn("ZAP: refused a {} client {} from {} on domain {}", mechanism,
                    frames[6] != null && frames[6].length == 32 ? ZMQ.Curve.z85Encode(frames[6]) : "without a key",
                    text(frames[3]), domain);
        }
        socket.send("1.0", ZMQ.SNDMORE);
        socket.send(requestId, ZMQ.SNDMORE);
        socket.send(allowed ? "200" : "400", ZMQ.SNDMORE);
        socket.send(allowed ? "OK" : "client key not allowed", ZMQ.SNDMORE);
        socket.send(allowed && frames[6] != null && "CURVE".equals(mechanism) ? ZMQ.Curve.z85Encode(frames[6]) : "",
                ZMQ.SNDMORE);
        socket.send(new byte[0], 0);
    }

    private boolean admits(String domain, String mechanism, byte[] credentials) {
        ClientKeys allowed = allowedByDomain.get(domain);
        if (allowed == null) {
            return true;
        }
        return "CURVE".equals(mechanism) && credentials != null && credentials.length == 32
                && allowed.admits(ZMQ.Curve.z85Encode(credentials));
    }

    private static String text(byte[] frame) {
        return frame == null ? "" : new String(frame, StandardCharsets.UTF_8);
    }
}
