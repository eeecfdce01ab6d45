package io.descartes.hub.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.runner.RunnerApplication;

/**
 * A remote runner as a separate JVM (same classpath as the tests), for tests that must kill it for real. Its agents
 * are its child processes; {@link #kill()} is a crash (they die with it, what they forked lives on until the runner
 * starts again), {@link #close()} ends any that are left.
 */
public final class RunnerProcess implements AutoCloseable {

    private final Process process;
    private final List<ProcessHandle> agents = new ArrayList<>();

    private RunnerProcess(Process process) {
        this.process = process;
    }

    /** Starts the runner with these property overrides; it registers with the hub on its own. */
    public static RunnerProcess start(Map<String, String> properties, Path log) throws IOException {
        return start(Map.of(), properties, log);
    }

    /** Same, with these environment variables added to the test JVM's. */
    public static RunnerProcess start(Map<String, String> environment, Map<String, String> properties, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(HubProcess.java());
        command.add("-Xmx256m");
        command.addAll(HubProcess.SHORT_LIVED_JVM);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RunnerApplication.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new RunnerProcess(builder.start());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then the exit code after the runner's graceful shutdown (agents stopped, then unregistered). */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException("runner did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL, no shutdown hook: the hub hears nothing more from it. Its agent processes are remembered for close. */
    public void kill() throws InterruptedException {
        agents.addAll(process.descendants().toList());
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        agents.forEach(ProcessHandle::destroyForcibly);
    }
}
