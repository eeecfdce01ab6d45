package io.descartes.hub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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

    /** Runs another peer script from the test resources, e.g. /peers/libzmq_agent_peer.py, as the hub's local client. */
    public static List<JsonNode> runScript(String resource, String... args) throws IOException, InterruptedException {
        return runScript(List.of(), resource, args);
    }

    /** The same as uid/gid 65534 (nobody), no groups: a local user other than the hub's. */
    public static List<JsonNode> runScriptAsNobody(String resource, String... args)
            throws IOException, InterruptedException {
        return runScript(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), resource, args);
    }

    /**
     * Same, the interpreter started behind {@code prefix} (e.g. setpriv as another user): the script and
     * peers/hub_keys.py, which gives every socket the CURVE keys of the hub's key folder, go to a folder of their own.
     */
    public static List<JsonNode> runScript(List<String> prefix, String resource, String... args)
            throws IOException, InterruptedException {
        String output = runRaw(prefix, resource, args);
        return steps(output);
    }

    /** The script's output (stdout and stderr) after it ended; fails with it when the script exits non-zero. */
    public static String runRaw(List<String> prefix, String resource, String... args) throws IOException, InterruptedException {
        try (Running peer = start(prefix, resource, args)) {
            String output = new String(peer.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = peer.process.waitFor(60, TimeUnit.SECONDS);
            if (!ended || peer.process.exitValue() != 0) {
                throw new AssertionError("libzmq peer failed:\n" + output);
            }
            return output;
        }
    }

    /**
     * Starts the script in the background (a peer that must run alongside the test, e.g. an agent answering on the
     * bus): the script and peers/hub_keys.py, which gives every socket the CURVE keys of the hub's key folder, go to a
     * folder of their own, removed when the peer is closed.
     */
    public static Running start(List<String> prefix, String resource, String... args) throws IOException {
        Path folder = Files.createTempDirectory("libzmq_peer");
        Path script = folder.resolve("peer.py");
        copy(resource, script);
        copy("/peers/hub_keys.py", folder.resolve("hub_keys.py"));
        folder.toFile().setReadable(true, false);
        folder.toFile().setExecutable(true, false);
        script.toFile().setReadable(true, false);
        folder.resolve("hub_keys.py").toFile().setReadable(true, false);
        List<String> command = new ArrayList<>(prefix);
        command.add(PYTHON);
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DESCARTES_ZMQ_KEYS", HubKeys.FOLDER.toAbsolutePath().toString());
        return new Running(builder.start(), folder);
    }

    /** A peer script running as a process of its own; closing it ends it and removes its folder. */
    public static final class Running implements AutoCloseable {

        private final Process process;
        private final Path folder;
        private final BufferedReader output;
        private final StringBuilder seen = new StringBuilder();

        private Running(Process process, Path folder) {
            this.process = process;
            this.folder = folder;
            this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Reads the output up to the JSON step line named {@code step}; fails with the output when the script ends first. */
        public JsonNode awaitStep(String step) throws IOException {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                seen.append(line).append('\n');
                if (line.startsWith("{")) {
                    JsonNode node = new ObjectMapper().readTree(line);
                    if (step.equals(node.path("step").asText())) {
                        return node;
                    }
                }
            }
            throw new AssertionError("the peer ended before step '" + step + "':\n" + seen);
        }

        /** Waits for the script to end by itself; fails with its output unless it exits 0. */
        public void awaitSuccess() throws IOException, InterruptedException {
            String rest = String.join("\n", output.lines().toList());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("libzmq peer failed:\n" + seen + rest);
            }
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = LibzmqPeer.class.getResourceAsStream(resource)) {
            Files.write(target, in.readAllBytes());
        }
    }

    private static List<JsonNode> steps(String output) throws IOException {
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
