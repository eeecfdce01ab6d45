package io.descartes.hub.agents;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.PauseMode;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.PrivatePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs agents as OS processes of this JVM (bean {@code agentRunner}). Each gets its own workspace
 * as working directory; its stdout/stderr lines become {@code log_stream} events and fill its
 * output buffer, and every status change becomes a {@code status_update} event. Events go to the
 * sink (the same recording route as external agents) and are committed before the call returns. An agent whose
 * backend bridges the bus has its marked stdout lines go to the {@link AgentBus} instead, and its deliveries written
 * to its stdin.
 */
public final class EmbeddedRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRunner.class);
    /** Every agent process gets its id in this environment variable, and passes it on to what it forks. */
    public static final String AGENT_ID_VARIABLE = "DESCARTES_AGENT_ID";

    private final AgentBackends backends;
    private final RunnerSettings settings;
    private final AgentEventSink events;
    private final WorkspacePreparer workspaces;
    private final SecretEnvironment secrets;
    private final AgentProcesses processes;
    private final ScheduledExecutorService timer;
    private final AgentBus bus;
    private final Map<UUID, RunningAgent> agents = new ConcurrentHashMap<>();

    public EmbeddedRunner(AgentBackends backends, RunnerSettings settings, AgentEventSink events,
                          WorkspacePreparer workspaces, SecretEnvironment secrets, AgentProcesses processes,
                          ScheduledExecutorService timer, AgentBus bus) {
        this.backends = backends;
        this.settings = settings;
        this.events = events;
        this.workspaces = workspaces;
        this.secrets = secrets;
        this.processes = processes;
        this.timer = timer;
        this.bus = bus;
    }

    /**
     * Starts the process; its output is read once {@link #launch} runs, after the spawn is recorded. Its task goes to
     * its stdin in the background ({@link AgentStdin}), so a spawn never waits for an agent to read. The secrets the
     * metadata names go into its environment only, never into the config or any event.
     */
    public synchronized RunningAgent spawn(AgentConfig config, Map<String, String> metadata) {
        return start(UUID.randomUUID(), config, metadata);
    }

    /**
     * Starts a rewound agent that has no process again, under its own id, in its workspace as the
     * rewind left it and with the config it restored; records it running (the agents row's metadata
     * written anew, which drops what the rewind put there), then reads its output.
     */
    public RunningAgent respawn(UUID id, AgentConfig config) {
        RunningAgent agent;
        synchronized (this) {
            RunningAgent previous = agents.get(id);
            if (previous != null && !previous.status().isTerminal()) {
                throw AgentFailure.conflict("Cannot respawn agent " + id + ": it is " + previous.status().wire());
            }
            agent = start(id, config, Map.of());
        }
        emit(new StatusUpdate(id, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING, "respawned after a rewind",
                null, WireTime.now()), agent.registryMetadata());
        launch(id);
        return agent;
    }

    private RunningAgent start(UUID id, AgentConfig config, Map<String, String> metadata) {
        AgentBackend backend = backends.get(config.modelBackend());
        if (activeCount() >= settings.maxAgents()) {
            throw AgentFailure.conflict("Maximum agent limit reached: " + settings.maxAgents());
        }
        Path workspace = settings.workspaceRoot().resolve(id.toString()).toAbsolutePath();
        String task = config.task();
        AgentEnvironment env = new AgentEnvironment(System.getenv())
                .put(backend.environment(id, workspace, task))
                .requested(backend, config.environment())
                .put(secrets.resolve(metadata))
                .put(AGENT_ID_VARIABLE, id.toString())
                .put("DESCARTES_WORKSPACE", workspace.toString());
        if (config.context() != null) {
            env.put("DESCARTES_CONTEXT", config.context());
        }
        if (backend.taskInput() == TaskInput.ENV) {
            env.put("DESCARTES_TASK", task);
        }
        ProcessBuilder builder = new ProcessBuilder(backend.command(id, workspace, task)).directory(workspace.toFile());
        env.applyTo(builder);
        Process process = null;
        try {
            PrivatePaths.ownFolder(workspace);
            workspaces.prepare(id, workspace);
            process = processes.start(id, builder);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (process != null) {
                process.destroyForcibly(); // started, but it could not be given its task
                processes.ended(id);
            }
            throw AgentFailure.invalid("Failed to spawn agent: " + e.getMessage());
        }
        AgentStdin stdin = new AgentStdin(id, process.getOutputStream());
        if (backend.taskInput() == TaskInput.STDIN || backend.taskInput() == TaskInput.STDIN_EOF) {
            stdin.feed((task + "\n").getBytes(StandardCharsets.UTF_8), backend.taskInput() == TaskInput.STDIN_EOF);
        }
        RunningAgent agent = new RunningAgent(id, config, process, stdin, workspace, new OutputBuffer(settings.outputLines()),
                backend.bus() == BusBridge.JSONL);
        agents.put(id, agent);
        forgetOldestFinished();
        return agent;
    }

    /** Starts reading the agent's output; when both streams end and the process exited, its final status follows. */
    public void launch(UUID id) {
        RunningAgent agent = get(id);
        Thread stderr = new Thread(() -> pump(agent, LogStreamType.STDERR, agent.process().getErrorStream()),
                "agent-" + id + "-stderr");
        Thread stdout = new Thread(() -> {
            pump(agent, LogStreamType.STDOUT, agent.process().getInputStream());
            finish(agent, stderr);
        }, "agent-" + id + "-stdout");
        stderr.setDaemon(true);
        stdout.setDaemon(true);
        if (agent.onBus()) {
            try {
                bus.joined(id);
            } catch (RuntimeException e) {
                LOG.warn("agent {} is not on the bus: {}", id, e.getMessage());
            }
        }
        stderr.start();
        stdout.start();
    }

    /**
     * Queues a bus line (a delivery, a refusal of the agent's line) for the agent's stdin and returns at once; fails
     * when the agent is not on the bus or has ended, so the delivery stays pending.
     */
    public void sendBusLine(UUID id, String json) {
        RunningAgent agent = get(id);
        if (!agent.onBus()) {
            throw new IllegalStateException("agent " + id + " is not on the bus (its backend sets no bus bridge)");
        }
        try {
            agent.stdin().feed((AgentBus.MARK + json + "\n").getBytes(StandardCharsets.UTF_8), false);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("agent " + id + " has ended", e);
        }
    }

    public RunningAgent get(UUID id) {
        RunningAgent agent = agents.get(id);
        if (agent == null) {
            throw AgentFailure.notFound(id);
        }
        return agent;
    }

    /** Whether this runner started the agent (and still keeps it, running or finished). */
    public boolean has(UUID id) {
        return agents.containsKey(id);
    }

    /** Oldest first. */
    public List<RunningAgent> agents() {
        List<RunningAgent> all = new ArrayList<>(agents.values());
        all.sort(Comparator.comparing((RunningAgent a) -> a.info().startedAt().toInstant()));
        return all;
    }

    /** The agents this runner keeps, oldest first (a remote runner's {@link AgentDirectory}). */
    public List<AgentInfo> list(AgentStatus status, long limit) {
        return agents().stream().map(RunningAgent::info).filter(a -> status == null || a.status() == status)
                .limit(limit).toList();
    }

    public void pause(RunningAgent agent, PauseMode mode) {
        agent.pause(mode);
        statusChanged(agent, "paused (" + mode.wire() + ")");
    }

    public void resume(RunningAgent agent) {
        agent.resume();
        statusChanged(agent, "resumed");
    }

    /** SIGTERM now, SIGKILL if it still runs after the grace period. */
    public void stop(RunningAgent agent) {
        agent.terminate("TERM", "stop");
        ScheduledFuture<?> forceKill = timer.schedule(agent.process()::destroyForcibly, settings.stopGraceMillis(),
                TimeUnit.MILLISECONDS);
        // cancelled, it no longer holds up the timer's shutdown
        agent.process().onExit().thenRun(() -> forceKill.cancel(false));
    }

    public void kill(RunningAgent agent) {
        agent.terminate("KILL", "kill");
    }

    public void signal(RunningAgent agent, String name) {
        if (agent.signal(name)) {
            statusChanged(agent, "SIG" + name);
        }
    }

    /** How long stop may take, SIGKILL included: callers wait this long for the final status. */
    public long stopWaitMillis() {
        return settings.stopGraceMillis() + 2_000;
    }

    /** Applies the shutdown policy and waits for the final statuses to be recorded. */
    public void shutdown(ShutdownPolicy policy) throws InterruptedException {
        if (policy == ShutdownPolicy.LEAVE) {
            return;
        }
        List<RunningAgent> active = agents.values().stream().filter(a -> !a.status().isTerminal()).toList();
        for (RunningAgent agent : active) {
            try {
                if (policy == ShutdownPolicy.STOP) {
                    stop(agent);
                } else {
                    kill(agent);
                }
            } catch (AgentFailure e) {
                LOG.debug("agent {} ended meanwhile: {}", agent.id(), e.getMessage());
            }
        }
        for (RunningAgent agent : active) {
            if (!agent.awaitFinished(stopWaitMillis())) {
                LOG.warn("agent {} (pid {}) did not end on shutdown", agent.id(), agent.pid());
            }
        }
    }

    private void forgetOldestFinished() {
        List<RunningAgent> finished = agents().stream().filter(a -> a.status().isTerminal()).toList();
        for (int i = 0; i < finished.size() - settings.retainFinished(); i++) {
            agents.remove(finished.get(i).id());
        }
    }

    private long activeCount() {
        return agents.values().stream().filter(a -> !a.status().isTerminal()).count();
    }

    private void pump(RunningAgent agent, LogStreamType stream, InputStream in) {
        long sequence = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (stream == LogStreamType.STDOUT && agent.onBus() && line.startsWith(AgentBus.MARK)) {
                    said(agent, line.substring(AgentBus.MARK.length()));
                    continue;
                }
                agent.output().add(stream, line);
                emit(new LogStream(agent.id(), stream, (line + "\n").getBytes(StandardCharsets.UTF_8),
                        WireTime.now(), sequence++), null);
            }
        } catch (IOException e) {
            LOG.debug("agent {} {} closed: {}", agent.id(), stream.wire(), e.getMessage());
        }
    }

    private void finish(RunningAgent agent, Thread stderrPump) {
        try {
            stderrPump.join();
            int code = agent.process().waitFor();
            processes.ended(agent.id());
            agent.stdin().close();
            if (agent.onBus()) {
                bus.left(agent.id());
            }
            AgentStatus status = agent.exited(code);
            StatusUpdateType type = switch (status) {
                case COMPLETED -> StatusUpdateType.COMPLETED;
                case TERMINATED -> StatusUpdateType.TERMINATED;
                default -> StatusUpdateType.ERROR;
            };
            emit(new StatusUpdate(agent.id(), type, status, "exited with code " + code,
                    JsonNodeFactory.instance.objectNode().put("exit_code", code), WireTime.now()), agent.registryMetadata());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            agent.markFinished();
        }
    }

    /** The bus takes the line or answers the agent on its stdin; its failure never ends the agent's output. */
    private void said(RunningAgent agent, String json) {
        try {
            bus.said(agent.id(), json);
        } catch (RuntimeException e) {
            LOG.warn("agent {}: bus line not taken: {}", agent.id(), e.getMessage());
        }
    }

    /** A pause says its mode in data.pause_mode, for the registry (the status alone does not tell it). */
    private void statusChanged(RunningAgent agent, String message) {
        AgentInfo info = agent.info();
        JsonNode data = info.pauseMode() == null ? null
                : JsonNodeFactory.instance.objectNode().put("pause_mode", info.pauseMode().wire());
        emit(new StatusUpdate(agent.id(), StatusUpdateType.STATUS_CHANGED, info.status(), message, data,
                WireTime.now()), null);
    }

    private void emit(ZmqMessage event, String registryMetadata) {
        try {
            events.record(event, registryMetadata);
        } catch (RuntimeException e) {
            LOG.warn("could not record {} of agent: {}", event.type(), e.getMessage());
        }
    }
}
