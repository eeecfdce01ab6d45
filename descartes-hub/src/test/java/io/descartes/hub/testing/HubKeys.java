package io.descartes.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.descartes.hub.curve.CurveCertificate;
import org.zeromq.ZMQ;

/**
 * The CURVE keys a test client uses with the hub under test, in one place: the local client certificate and the
 * server certificate the hub made in its key folder (hub.zmq.curve.key-dir, data/zmq by default, shared by the
 * tests' hubs), read at each use since the hub makes them when it first starts.
 */
public final class HubKeys {

    /** The tests' hubs run with the default key folder, relative to the project directory. */
    public static final Path FOLDER = Path.of("data", "zmq");

    private HubKeys() {
    }

    public static boolean exist() {
        return Files.exists(FOLDER.resolve("client.key_secret")) && Files.exists(FOLDER.resolve("server.key"));
    }

    public static CurveCertificate client() {
        return read("client.key_secret");
    }

    public static String serverPublicKey() {
        return read("server.key").publicKey();
    }

    /** Makes the socket a CURVE client of the hub with the local client certificate; before it connects. */
    public static ZMQ.Socket authenticate(ZMQ.Socket socket) {
        return authenticate(socket, client());
    }

    /** Makes the socket a CURVE client of the hub with this key pair; before it connects. */
    public static ZMQ.Socket authenticate(ZMQ.Socket socket, CurveCertificate pair) {
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(pair.publicKey()));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(pair.secretKey()));
        socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverPublicKey()));
        return socket;
    }

    private static CurveCertificate read(String file) {
        try {
            return CurveCertificate.read(FOLDER.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
