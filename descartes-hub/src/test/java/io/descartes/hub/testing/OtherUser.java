package io.descartes.hub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a peer script from the test resources as another local user, {@code nobody} (65534), through setpriv, with
 * Debian's python3 (python3-zmq, python3-msgpack; {@link LibzmqPeer#assumeAvailable()}): what any local account can do
 * to the hub. The script is copied to a file that user can read.
 */
public final class OtherUser {

    private static final String PYTHON = TestSetting.of("libzmq.python", "LIBZMQ_PYTHON", "/usr/bin/python3");

    private OtherUser() {
    }

    public static Process startScript(String resource, String... args) throws IOException {
        Path script = Files.createTempFile("other-user-peer", ".py");
        try (InputStream in = OtherUser.class.getResourceAsStream(resource)) {
            Files.write(script, in.readAllBytes());
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        script.toFile().deleteOnExit();
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                PYTHON, script.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
