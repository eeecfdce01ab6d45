package io.descartes.hub.testing;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Watches a client socket's ZMTP handshake through a socket monitor, instead of waiting for silence. */
public final class HandshakeMonitor {

    /** Before any HANDSHAKE_SUCCEEDED, each of these means the server turned the client away. */
    private static final Set<Integer> REFUSED = Set.of(zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
            zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH,
            zmq.ZMQ.ZMQ_EVENT_DISCONNECTED);

    private HandshakeMonitor() {
    }

    /**
     * Connects {@code client} (which must be of {@code context}) to {@code address}, sends {@code frames}
     * and returns once the server has refused the handshake; fails if it succeeds.
     */
    public static void awaitRefusal(ZContext context, ZMQ.Socket client, String address, String... frames) {
        String monitorAddress = "inproc://handshake-monitor-" + System.identityHashCode(client);
        client.monitor(monitorAddress, ZMQ.EVENT_ALL);
        try (ZMQ.Socket monitor = context.createSocket(SocketType.PAIR)) {
            monitor.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(60));
            monitor.connect(monitorAddress);
            try {
                watch(monitor, client, address, frames);
            } finally {
                client.monitor(null, 0); // while the monitor socket still reads: stopping sends it a last event
            }
        }
    }

    private static void watch(ZMQ.Socket monitor, ZMQ.Socket client, String address, String... frames) {
        client.connect(address);
        for (int i = 0; i < frames.length; i++) {
            client.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
        while (true) {
            ZMQ.Event event = ZMQ.Event.recv(monitor);
            if (event == null) {
                throw new AssertionError("no handshake outcome reported for " + address);
            }
            if (event.getEvent() == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
                throw new AssertionError("the server admitted the client on " + address);
            }
            if (REFUSED.contains(event.getEvent())) {
                return;
            }
        }
    }

    /** Sets the client's CURVE keys (Z85) for a server with public key {@code serverPublicKey}. */
    public static ZMQ.Socket withCurve(ZMQ.Socket socket, String serverPublicKey, String publicKey, String secretKey) {
        socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverPublicKey));
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(publicKey));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(secretKey));
        return socket;
    }
}
