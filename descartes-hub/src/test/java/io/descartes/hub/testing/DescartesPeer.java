package io.descartes.hub.testing;

import java.util.ArrayList;
import java.util.List;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.ZmqMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A plain JeroMQ DEALER speaking the Descartes protocol to the hub, as a runner or controller
 * would: send frames (pipelined or not), receive replies with a timeout. Not thread-safe, like the
 * socket it wraps; one per test thread.
 */
public final class DescartesPeer implements AutoCloseable {

    private static final DescartesCodec CODEC = new DescartesCodec();

    private final ZContext context;
    private final ZMQ.Socket socket;

    public DescartesPeer(String address) {
        context = new ZContext();
        socket = TestSockets.connect(context, SocketType.DEALER, address);
    }

    private DescartesPeer(ZContext context, ZMQ.Socket socket) {
        this.context = context;
        this.socket = socket;
    }

    /** A peer without CURVE, for a hub started with hub.zmq.curve.enabled=false. */
    public static DescartesPeer unauthenticated(String address) {
        ZContext context = new ZContext();
        return new DescartesPeer(context, TestSockets.connectUnauthenticated(context, SocketType.DEALER, address));
    }

    /** A CURVE client (keys in Z85) of a server with public key {@code serverKey}. */
    public DescartesPeer(String address, String serverKey, String publicKey, String secretKey) {
        context = new ZContext();
        socket = TestSockets.connect(context, SocketType.DEALER, address,
                s -> HandshakeMonitor.withCurve(s, serverKey, publicKey, secretKey));
    }

    /** Sends a message the way an upstream REQ client frames it: empty delimiter, then the payload. */
    public void send(ZmqMessage message) {
        sendRaw(CODEC.encode(message));
    }

    public void sendRaw(byte[] payload) {
        socket.sendMore(new byte[0]);
        socket.send(payload);
    }

    /** Sends arbitrary frames after the delimiter (e.g. two payload frames). */
    public void sendFrames(byte[]... frames) {
        socket.sendMore(new byte[0]);
        for (int i = 0; i < frames.length; i++) {
            if (i < frames.length - 1) {
                socket.sendMore(frames[i]);
            } else {
                socket.send(frames[i]);
            }
        }
    }

    /** The next reply's payload, decoded; fails the test when none arrives in time. */
    public ZmqMessage receive() {
        return CODEC.decode(receiveRaw());
    }

    /** The next message if one is there within {@code millis}, else null (e.g. draining what a killed hub sent). */
    public ZmqMessage receiveWithin(long millis) {
        try (ZMQ.Poller poller = context.createPoller(1)) {
            poller.register(socket, ZMQ.Poller.POLLIN);
            return poller.poll(millis) > 0 ? receive() : null;
        }
    }

    public byte[] receiveRaw() {
        List<byte[]> frames = receiveFrames();
        return frames.get(frames.size() - 1);
    }

    private List<byte[]> receiveFrames() {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = socket.recv();
            if (frame == null) {
                throw new AssertionError("no reply from the hub within " + TestSockets.RECEIVE_TIMEOUT_MS / 1000 + " s");
            }
            frames.add(frame);
        } while (socket.hasReceiveMore());
        if (frames.size() != 2 || frames.get(0).length != 0) {
            throw new AssertionError("reply is not [\"\", payload]: " + frames.size() + " frames");
        }
        return frames;
    }

    /** One request, one reply. */
    public ZmqMessage call(ZmqMessage message) {
        send(message);
        return receive();
    }

    @Override
    public void close() {
        context.close();
    }
}
