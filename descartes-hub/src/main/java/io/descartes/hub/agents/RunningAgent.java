package io.descartes.hub.agents;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.PauseMode;
import io.descartes.hub.protocol.WireTime;

/**
 * One agent process of the embedded runner and its lifecycle. Transitions are synchronized, so a
 * command and the process's exit never interleave; a command in the wrong state is a conflict.
 */
public final class RunningAgent {

    /** Exchange property with the agents row's metadata JSON for the event being recorded (read by FrameRecorder). */
    public static final String REGISTRY_METADATA = "DescartesAgentMetadata";

    private final UUID id;
    private final AgentConfig config;
    private final Process process;
    private final AgentStdin stdin;
    private final Path workspace;
    private final WireTime startedAt;
    private final OutputBuffer output;
    private final boolean onBus;
    private final CountDownLatch finished = new CountDownLatch(1);
    private AgentStatus status = AgentStatus.RUNNING;
    private WireTime pausedAt;
    private PauseMode pauseMode;
    private boolean stopRequested;
    private Integer exitCode;

    RunningAgent(UUID id, AgentConfig config, Process process, AgentStdin stdin, Path workspace, OutputBuffer output,
                 boolean onBus) {
        this.id = id;
        this.onBus = onBus;
        this.config = config;
        this.process = process;
        this.stdin = stdin;
        this.workspace = workspace;
        this.output = output;
        this.startedAt = WireTime.now();
    }

    public UUID id() {
        return id;
    }

    public AgentConfig config() {
        return config;
    }

    public Process process() {
        return process;
    }

    AgentStdin stdin() {
        return stdin;
    }

    /** Whether its backend bridges the message bus over its stdio ({@link AgentBus}). */
    public boolean onBus() {
        return onBus;
    }

    public long pid() {
        return process.pid();
    }

    public Path workspace() {
        return workspace;
    }

    public OutputBuffer output() {
        return output;
    }

    public synchronized AgentStatus status() {
        return status;
    }

    public synchronized Integer exitCode() {
        return exitCode;
    }

    /** What the agents row keeps beside name and status: backend, task, workspace, pid and, once known, exit_code. */
    public synchronized String registryMetadata() {
        ObjectNode meta = JsonNodeFactory.instance.objectNode().put("backend", config.modelBackend())
                .put("task", config.task()).put("workspace", workspace.toString()).put("pid", pid());
        if (exitCode != null) {
            meta.put("exit_code", exitCode);
        }
        return meta.toString();
    }

    public synchronized AgentInfo info() {
        return new AgentInfo(id, config.name(), status, config.modelBackend(), startedAt, config.task(),
                pausedAt, pauseMode, null);
    }

    /** SIGSTOP in both modes: an OS process has no cooperative pause point the hub could ask for. */
    synchronized void pause(PauseMode mode) {
        require(AgentStatus.RUNNING, "pause");
        Signals.send(pid(), "STOP");
        markPaused(mode);
    }

    synchronized void resume() {
        require(AgentStatus.PAUSED, "resume");
        Signals.send(pid(), "CONT");
        markRunning();
    }

    /** Sends the signal; the exit that follows makes the agent terminated, whatever its exit code. */
    synchronized void terminate(String signal, String command) {
        if (status.isTerminal()) {
            throw conflict(command);
        }
        stopRequested = true;
        Signals.send(pid(), signal);
        if (status == AgentStatus.PAUSED && !signal.equals("KILL")) {
            Signals.send(pid(), "CONT"); // a stopped process handles TERM only once it runs again
        }
    }

    /** A raw signal that keeps the status in step when it stops or continues the process. */
    synchronized boolean signal(String name) {
        if (status.isTerminal()) {
            throw conflict("signal");
        }
        Signals.send(pid(), name);
        if (name.equals("STOP") && status == AgentStatus.RUNNING) {
            markPaused(PauseMode.FORCED);
            return true;
        } else if (name.equals("CONT") && status == AgentStatus.PAUSED) {
            markRunning();
            return true;
        } else if (name.equals("TERM") || name.equals("KILL")) {
            stopRequested = true;
        }
        return false;
    }

    synchronized AgentStatus exited(int code) {
        exitCode = code;
        status = stopRequested ? AgentStatus.TERMINATED : code == 0 ? AgentStatus.COMPLETED : AgentStatus.FAILED;
        pausedAt = null;
        pauseMode = null;
        return status;
    }

    /** Called once the final status is recorded. */
    void markFinished() {
        finished.countDown();
    }

    /** Waits until the final status is recorded; false on timeout. */
    public boolean awaitFinished(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    private void markPaused(PauseMode mode) {
        status = AgentStatus.PAUSED;
        pausedAt = WireTime.now();
        pauseMode = mode;
    }

    private void markRunning() {
        status = AgentStatus.RUNNING;
        pausedAt = null;
        pauseMode = null;
    }

    private void require(AgentStatus wanted, String command) {
        if (status != wanted) {
            throw conflict(command);
        }
    }

    private AgentFailure conflict(String command) {
        return AgentFailure.conflict("Cannot " + command + " agent " + id + ": it is " + status.wire());
    }
}
