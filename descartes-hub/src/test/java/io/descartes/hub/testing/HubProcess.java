package io.descartes.hub.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import org.awaitility.core.ConditionTimeoutException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import io.descartes.hub.protocol.DescartesCodec;

/**
 * The hub as a separate JVM (same classpath as the tests), for tests that must kill it for real.
 * Output goes to a log file under target/ so a failing test can be diagnosed.
 */
public final class HubProcess implements AutoCloseable {

    private static final long EXIT_LIMIT_S = 90;
    /**
     * How long a hub may take to answer after its JVM starts: generous for a loaded 2-core box, a property
     * ({@code -Ddescartes.test.hub-start-limit-s=...}, passed on to the test JVMs) for a box slower still.
     */
    private static final Duration START_LIMIT =
            Duration.ofSeconds(Long.getLong("descartes.test.hub-start-limit-s", 120));
    /** Lines of the hub's log a failed start quotes: its last exception with the context around it. */
    private static final int LOG_TAIL_LINES = 40;
    /**
     * JVM options of the hubs and runners the tests start: the JIT's first tier (C1) only. They live seconds, mostly
     * starting up, where C2's compiling nearly doubles their CPU (a hub's start and stop: ~11.5 → ~6.2 CPU s, A/B on
     * a loaded 2-core box), time the test waiting on them spends.
     */
    static final List<String> SHORT_LIVED_JVM = List.of("-XX:TieredStopAtLevel=1");

    private final Process process;
    private final String commandAddress;
    private final Path log;

    private HubProcess(Process process, String commandAddress, Path log) {
        this.process = process;
        this.commandAddress = commandAddress;
        this.log = log;
    }

    /**
     * A hub of its own for a test: its ports named after {@code test} ({@code <test>.http}, {@code .command}, {@code .pub},
     * {@code .runner}: {@link TestPorts}), its SQLite file, no route reloading; add to it what the test needs.
     */
    public static Map<String, String> properties(String test, String db) {
        Map<String, String> properties = new HashMap<>();
        properties.put("hub.http.port", String.valueOf(TestPorts.port(test + ".http")));
        properties.put("hub.zmq.command.address", TestPorts.tcp(test + ".command"));
        properties.put("hub.zmq.pub.address", TestPorts.tcp(test + ".pub"));
        properties.put("hub.zmq.runner.address", TestPorts.tcp(test + ".runner"));
        properties.put("hub.db.url", "jdbc:sqlite:" + db);
        properties.put("camel.main.routes-reload-enabled", "false");
        return properties;
    }

    /** Starts the hub with these property overrides and waits until its command endpoint answers. */
    public static HubProcess start(Map<String, String> properties, Path log) throws IOException, InterruptedException {
        return start(Map.of(), properties, log);
    }

    /** Same, with these environment variables added to the test JVM's. */
    public static HubProcess start(Map<String, String> environment, Map<String, String> properties, Path log)
            throws IOException, InterruptedException {
        return start(command(properties), environment, properties.get("hub.zmq.command.address"), log);
    }

    /** Starts the hub's main class (the jar's) in a JVM of its own and returns at once, for tests of its start-up. */
    public static HubProcess launch(Map<String, String> environment, Map<String, String> properties, Path log)
            throws IOException {
        return launch(command(properties), environment, properties.get("hub.zmq.command.address"), log);
    }

    /** The hub's main class on the test JVM's class path, with these properties. */
    private static List<String> command(Map<String, String> properties) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
        command.addAll(SHORT_LIVED_JVM);
        command.addAll(systemProperties(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HubApplication.class.getName()));
        return command;
    }

    /**
     * Starts the hub as {@code command} runs it (java -jar on the packaged jar, the bin/ wrapper script) and waits until
     * its command endpoint, {@code commandAddress}, answers.
     */
    public static HubProcess start(List<String> command, Map<String, String> environment, String commandAddress,
                                   Path log) throws IOException, InterruptedException {
        HubProcess hub = launch(command, environment, commandAddress, log);
        try {
            hub.awaitReady();
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
        return hub;
    }

    /** Same, returning at once, for tests of its start-up. */
    public static HubProcess launch(List<String> command, Map<String, String> environment, String commandAddress,
                                    Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new HubProcess(builder.start(), commandAddress, log);
    }

    /** The java of the test JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Properties as the java command's -D options. */
    public static List<String> systemProperties(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
    }

    /**
     * The exit code of a hub that is to end by itself (a failed start); fails, killing it, if it is still running
     * after a limit generous enough for a slow machine.
     */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(EXIT_LIMIT_S, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("the hub JVM was still running " + EXIT_LIMIT_S + " s after it was started");
        }
        return process.exitValue();
    }

    /** Waits until the hub answers; a start that fails (it exits, or does not answer in time) says why: its log's end. */
    private void awaitReady() {
        try {
            awaitAnswer();
        } catch (ConditionTimeoutException | IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; the end of its log, " + log + ":\n" + logTail(), e);
        }
    }

    private void awaitAnswer() {
        DescartesCodec codec = new DescartesCodec();
        try (ZContext ctx = new ZContext()) {
            Waits.await("the hub answering on " + commandAddress).atMost(START_LIMIT).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("hub process exited with " + process.exitValue());
                }
                if (!HubKeys.exist()) {
                    return false; // the hub makes them as it starts
                }
                ZMQ.Socket req = TestSockets.connect(ctx, SocketType.REQ, commandAddress);
                req.setReceiveTimeOut(1000);
                req.send(codec.encode(new HealthCheckRequest("ready?")));
                byte[] reply = req.recv();
                ctx.destroySocket(req);
                return reply != null && codec.decode(reply) instanceof HealthCheckResponse;
            });
        }
    }

    private String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** SIGKILL: no shutdown hook, no flush, exactly what a crash looks like. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, without waiting: camel-main's graceful shutdown begins. */
    public void terminate() {
        process.destroy();
    }

    /** SIGTERM, then the exit code after camel-main's graceful shutdown. */
    public int stop() throws InterruptedException {
        terminate();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("hub did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** target/ at the repository root: a clean clone has none until a test makes it. */
    public static Path logFile(String name) {
        File target = new File("target");
        target.mkdirs();
        return new File(target, name + ".log").toPath();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
