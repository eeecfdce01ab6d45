package io.descartes.hub.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the agents' processes so that they end with this JVM, and records each until it ends so that the next start
 * can end what a crash left behind ({@link LeftoverAgents}). Every agent runs under the launch wrapper
 * ({@value #WRAPPER_KEY}, by default util-linux's {@code setsid} then {@code setpriv --pdeathsig KILL}: a session of
 * its own, which is how a later kill finds everything it forked, and SIGKILL when its parent goes), argv only, no shell.
 * <p>
 * Linux sends the parent-death signal when the <em>thread</em> that started the child ends, not its process. So every
 * process starts on the one thread of this class, which lives as long as the runner, never on a request thread that a
 * pool may retire or a route reload may stop.
 */
public final class AgentProcesses implements AutoCloseable {

    public static final String WRAPPER_KEY = "hub.agents.launch-wrapper";
    private static final Logger LOG = LoggerFactory.getLogger(AgentProcesses.class);

    private final List<String> wrapper;
    private final AgentProcessRecords records;
    private final ProcStat owner;
    /* A task's exception ends up in its Future (submit, never execute), so this thread is never replaced. */
    private final ExecutorService starter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "agent-process-starter");
        thread.setDaemon(true);
        return thread;
    });

    /** Runs the wrapper once: a wrapper that is missing or does not work stops the hub or runner at start. */
    public AgentProcesses(List<String> wrapper, AgentProcessRecords records) {
        this.wrapper = List.copyOf(wrapper);
        this.records = records;
        this.owner = ProcStat.of(ProcessHandle.current().pid())
                .orElseThrow(() -> new IllegalStateException("agents need Linux's /proc to be found again after a crash"));
        if (wrapper.isEmpty()) {
            close();
            throw new IllegalStateException(WRAPPER_KEY + " is empty: agents would outlive a crashed hub or runner");
        }
        try {
            check();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the builder's command under the wrapper and records the process until {@link #ended}. */
    public Process start(UUID agentId, ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = startWrapped(builder);
        try {
            // a process that is gone already needs no record
            ProcStat.of(process.pid()).filter(ProcStat::running).ifPresent(agent -> records.save(
                    new AgentProcessRecords.Entry(agentId, owner.pid(), owner.startTicks(), agent.pid(), agent.startTicks())));
        } catch (RuntimeException e) {
            process.destroyForcibly(); // an agent that could not be recorded could outlive a crash unnoticed
            throw e;
        }
        return process;
    }

    /** The agent's process has exited (and been waited for): nothing of it to find after a crash. */
    public void ended(UUID agentId) {
        try {
            records.delete(agentId);
        } catch (UncheckedIOException e) {
            // its exit must still be recorded; the next start will find no process under the stale record
            LOG.warn(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        starter.shutdownNow();
    }

    private Process startWrapped(ProcessBuilder builder) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(builder.command());
        builder.command(command);
        try {
            return starter.submit(builder::start).get();
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the hub or runner is stopping", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void check() {
        String what = WRAPPER_KEY + " " + String.join(",", wrapper);
        try {
            Process probe = startWrapped(new ProcessBuilder("true").redirectErrorStream(true));
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                throw new IllegalStateException(what + " did not run 'true' within 30 s");
            }
            if (probe.exitValue() != 0) {
                throw new IllegalStateException(what + " failed to run 'true' (exit " + probe.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " cannot run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted while checking it", e);
        }
    }
}
