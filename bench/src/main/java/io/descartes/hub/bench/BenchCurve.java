package io.descartes.hub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.descartes.hub.curve.CurveCertificate;
import org.zeromq.ZMQ;

/**
 * {@code --curve-dir=<the hub's key folder>}: every bench socket speaks CURVE with the keys the hub made there, the
 * clients as the hub's local client, the hand-written servers with the hub's own server certificate, so hub and
 * baseline pay the same encryption. Empty (the default) = plain ZeroMQ.
 */
final class BenchCurve {

    /** One setting per bench process, read from its arguments by {@link #use}. */
    private static volatile String dir = "";

    private BenchCurve() {
    }

    static void use(String[] args) {
        dir = Stats.arg(args, "curve-dir", "");
    }

    /** Call before connect. */
    static void client(ZMQ.Socket socket) {
        if (dir.isEmpty()) {
            return;
        }
        CurveCertificate client = read(dir, "client.key_secret");
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey()));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey()));
        socket.setCurveServerKey(ZMQ.Curve.z85Decode(read(dir, "server.key").publicKey()));
    }

    /** Call before bind. */
    static void server(ZMQ.Socket socket) {
        if (dir.isEmpty()) {
            return;
        }
        socket.setCurveServer(true);
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(read(dir, "server.key_secret").secretKey()));
    }

    private static CurveCertificate read(String dir, String file) {
        try {
            return CurveCertificate.read(Path.of(dir, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
