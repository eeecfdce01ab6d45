package io.descartes.hub.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.Waits;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The {@code descartes} command as a user runs it: {@code bin/descartes}, a process of its own, on the classes under
 * test ({@code DESCARTES_CLASSPATH}), with the hub's address and the test token in its environment unless told
 * otherwise. Its output is read as it comes, line by line.
 */
final class CliProcess implements AutoCloseable {

    private static final long EXIT_LIMIT_S = 120;

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outPump;
    private final Thread errPump;

    private CliProcess(Process process) {
        this.process = process;
        outPump = pump(process.getInputStream(), out);
        errPump = pump(process.getErrorStream(), err);
    }

    /** What a finished command left. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Builder at(int httpPort) {
        return new Builder().env("DESCARTES_HUB", "http://127.0.0.1:" + httpPort).env("DESCARTES_TOKEN", TestAuth.TOKEN);
    }

    static final class Builder {
        private final Map<String, String> environment = new HashMap<>();
        private Path directory = Path.of("");

        Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        Builder without(String name) {
            environment.put(name, null);
            return this;
        }

        /** The folder it runs in (where it looks for data/hub-token). */
        Builder in(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Runs the command to its end. */
        Result run(String... args) throws Exception {
            try (CliProcess cli = start(args)) {
                int exit = cli.awaitExit();
                return new Result(exit, cli.out(), cli.err());
            }
        }

        /** Starts the command and returns while it runs. */
        CliProcess start(String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of("bin", "descartes").toAbsolutePath().toString());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toAbsolutePath().toFile());
            builder.environment().remove("DESCARTES_HUB");
            builder.environment().remove("DESCARTES_TOKEN");
            builder.environment().put("DESCARTES_CLASSPATH", System.getProperty("java.class.path"));
            builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            return new CliProcess(builder.start());
        }
    }

    private static Thread pump(InputStream stream, List<String> lines) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process is gone; what it wrote is kept
            }
        }, "cli-output");
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    List<String> outLines() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    String out() {
        return String.join("\n", outLines()) + "\n";
    }

    String err() {
        synchronized (err) {
            return String.join("\n", err) + "\n";
        }
    }

    /** Waits until some line of its stdout contains the text. */
    void awaitOut(String text) {
        try {
            awaitOutOrFail(text);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + out() + err(), e);
        }
    }

    private void awaitOutOrFail(String text) {
        Waits.await("descartes printing '" + text + "'").until(() -> {
            if (outLines().stream().anyMatch(l -> l.contains(text))) {
                return true;
            }
            if (!process.isAlive() && process.exitValue() != 0) {
                throw new AssertionError("descartes ended with " + process.exitValue() + ":\n" + out() + err());
            }
            return false;
        });
    }

    void awaitErr(String text) {
        try {
            Waits.await("descartes saying '" + text + "'").until(() -> err().contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + out() + err(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal by name (STOP, CONT) with kill(1); bin/descartes execs java, so this is the JVM. */
    void signal(String name) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " exited with " + exit);
        }
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(EXIT_LIMIT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("descartes still ran " + EXIT_LIMIT_S + " s after it started:\n" + out() + err());
        }
        outPump.join(TimeUnit.SECONDS.toMillis(EXIT_LIMIT_S)); // its last lines, read to the end of its output
        errPump.join(TimeUnit.SECONDS.toMillis(EXIT_LIMIT_S));
        return process.exitValue();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
