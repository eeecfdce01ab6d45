package io.descartes.hub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs src/test/resources/peers/libzmq_peer.py with Debian's python3-zmq + python3-msgpack: a peer on
 * libzmq, not JeroMQ. CI installs both (.ci/run); elsewhere the test is skipped with the reason. The
 * interpreter is -Dlibzmq.python / LIBZMQ_PYTHON, by default Debian's, which is where its modules load.
 */
public final class LibzmqPeer {

    private static final String PYTHON = TestSetting.of("libzmq.python", "LIBZMQ_PYTHON", "/usr/bin/python3");

    private LibzmqPeer() {
    }

    public static void assumeAvailable() throws InterruptedException {
        boolean available;
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import zmq, msgpack").start();
            available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
        Assumptions.assumeTrue(available, "needs Debian's python3-zmq and python3-msgpack (apt-get install)");
    }

    /** The peer's JSON step lines; fails with its output when it exits non-zero. */
    public static List<JsonNode> run(String... args) throws IOException, InterruptedException {
        return runScript("/peers/libzmq_peer.py", args);
    }

    /** Runs another peer script from the test resources, e.g. /peers/libzmq_agent_peer.py. */
    public static List<JsonNode> runScript(String resource, String... args) throws IOException, InterruptedException {
        return runScript(List.of(), resource, args);
    }

    /** The same as uid/gid 65534 (nobody), no groups: a local user other than the hub's. */
    public static List<JsonNode> runScriptAsNobody(String resource, String... args)
            throws IOException, InterruptedException {
        return runScript(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), resource, args);
    }

    private static List<JsonNode> runScript(List<String> asUser, String resource, String... args)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("libzmq_peer", ".py");
        try (InputStream in = LibzmqPeer.class.getResourceAsStream(resource)) {
            Files.write(script, in.readAllBytes());
        }
        script.toFile().setReadable(true, false); // for the other user, if any
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("libzmq peer failed:\n" + output);
        }
        Files.deleteIfExists(script);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> steps = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                steps.add(json.readTree(line));
            }
        }
        return steps;
    }
}
