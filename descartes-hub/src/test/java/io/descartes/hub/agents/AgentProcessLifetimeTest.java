package io.descartes.hub.agents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static io.descartes.hub.agents.AgentProcessesTest.running;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL of the hub (embedded agents) or of a remote runner, both real JVMs with live agents that loop writing files:
 * the agents die with it; what they forked themselves is ended when the hub or runner starts again, and a process that
 * reuses a recorded pid is left alone.
 */
class AgentProcessLifetimeTest {

    /** Forks a child that outlives it, then writes a file every 100 ms. */
    private static final String FORKER = "sh,-c,sleep 600 & while :; do date > tick.txt; sleep 0.1; done";

    @Test
    void agentsDieWithAKilledHubAndTheRestartedHubEndsWhatTheyForked() throws Exception {
        String db = "target/agent-lifetime-hub.db";
        TestDatabase.reset(db);
        Map<String, String> properties = agentProperties("target/agent-lifetime-hub");
        properties.putAll(Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("AgentProcessLifetimeTest.http")),
                "hub.zmq.command.address", TestPorts.tcp("AgentProcessLifetimeTest.command"),
                "hub.zmq.pub.address", TestPorts.tcp("AgentProcessLifetimeTest.pub"),
                "hub.zmq.runner.address", TestPorts.tcp("AgentProcessLifetimeTest.runner"),
                "hub.db.url", "jdbc:sqlite:" + db,
                "camel.main.routes-reload-enabled", "false"));
        Path log = HubProcess.logFile("agent-lifetime-hub");
        Process unrelated = new ProcessBuilder("sleep", "600").start();
        try (HubProcess hub = HubProcess.start(properties, log)) {
            Agents agents = spawnAgents(TestPorts.tcp("AgentProcessLifetimeTest.command"),
                    "target/agent-lifetime-hub-workspaces");

            hub.kill();

            agents.assertDiedLeavingTheirFork();
            forgeRecordOfReusedPid("target/agent-lifetime-hub-processes", unrelated);
            try (HubProcess restarted = HubProcess.start(properties, log)) {
                Waits.await("the forked process ended by the restarted hub").until(() -> !running(agents.forked()));
                assertTrue(running(unrelated.toHandle()), "a process that reuses a recorded pid is left alone");
            }
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void agentsDieWithAKilledRunnerAndTheRestartedRunnerEndsWhatTheyForked() throws Exception {
        String db = "target/agent-lifetime-runner-hub.db";
        TestDatabase.reset(db);
        Map<String, String> hubProperties = Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("AgentProcessLifetimeTest.http2")),
                "hub.zmq.command.address", TestPorts.tcp("AgentProcessLifetimeTest.command2"),
                "hub.zmq.pub.address", TestPorts.tcp("AgentProcessLifetimeTest.pub2"),
                "hub.zmq.runner.address", TestPorts.tcp("AgentProcessLifetimeTest.runner2"),
                "hub.db.url", "jdbc:sqlite:" + db,
                "hub.agents.embedded.enabled", "false",
                "hub.agents.workspace-root", "target/agent-lifetime-runner-hub-workspaces",
                "hub.agents.process-records", "target/agent-lifetime-runner-hub-processes",
                "camel.main.routes-reload-enabled", "false");
        Map<String, String> runnerProperties = agentProperties("target/agent-lifetime-runner");
        runnerProperties.putAll(Map.of(
                "hub.runner.id", "lifetime-runner",
                "hub.zmq.runner.address", TestPorts.tcp("AgentProcessLifetimeTest.runner2"),
                "hub.runner.command-address", TestPorts.tcp("AgentProcessLifetimeTest.runner-command"),
                "hub.runner.heartbeat-ms", "300"));
        Path log = HubProcess.logFile("agent-lifetime-runner");
        Process unrelated = new ProcessBuilder("sleep", "600").start();
        try (HubProcess hub = HubProcess.start(hubProperties, HubProcess.logFile("agent-lifetime-runner-hub"));
             RunnerProcess runner = RunnerProcess.start(runnerProperties, log)) {
            Waits.await("the runner registered").until(() -> "live".equals(TestDatabase.queryString(db,
                    "SELECT coalesce(max(status), '') FROM runners WHERE id = 'lifetime-runner'")));
            Agents agents = spawnAgents(TestPorts.tcp("AgentProcessLifetimeTest.command2"),
                    "target/agent-lifetime-runner-workspaces");

            runner.kill();

            agents.assertDiedLeavingTheirFork();
            Path records = Path.of("target/agent-lifetime-runner-processes");
            forgeRecordOfReusedPid(records.toString(), unrelated);
            try (RunnerProcess restarted = RunnerProcess.start(runnerProperties, log)) {
                Waits.await("the forked process ended by the restarted runner").until(() -> !running(agents.forked()));
                Waits.await("every record of the dead runner handled").until(() -> {
                    try (Stream<Path> files = Files.list(records)) {
                        return files.findAny().isEmpty();
                    }
                });
                assertTrue(running(unrelated.toHandle()), "a process that reuses a recorded pid is left alone");
            }
        } finally {
            unrelated.destroyForcibly();
        }
    }

    /** Two live agents: the demo (a JVM writing files) and a shell loop writing a file, with a child of its own. */
    private record Agents(List<ProcessHandle> agents, ProcessHandle forked) {

        void assertDiedLeavingTheirFork() throws Exception {
            for (ProcessHandle agent : agents) {
                Waits.await("agent pid " + agent.pid() + " ended with its parent").until(() -> !running(agent));
            }
            // the parent-death signal reaches the agent only: this one is the next start's to end
            assertTrue(running(forked), "the forked child of an agent outlives it");
        }
    }

    private static Map<String, String> agentProperties(String prefix) {
        Map<String, String> properties = new HashMap<>();
        properties.put("hub.agents.workspace-root", prefix + "-workspaces");
        properties.put("hub.agents.process-records", prefix + "-processes");
        // the echo backend redefined: a backend of its own would have to be in application.properties, since only
        // the values of the backend keys found there can be overridden
        properties.put("hub.agents.backends.echo.argv", FORKER);
        properties.put("hub.agents.backends.echo.task-input", "none");
        return properties;
    }

    private static Agents spawnAgents(String commands, String workspaceRoot) throws Exception {
        try (DescartesPeer peer = new DescartesPeer(commands)) {
            UUID demo = spawn(peer, "demo", "steps=5000 step-ms=50");
            UUID forker = spawn(peer, "echo", "loop");
            ProcessHandle demoProcess = process(peer, demo);
            ProcessHandle forkerProcess = process(peer, forker);
            Waits.await("both agents writing files").until(() -> Files.exists(Path.of(workspaceRoot, demo.toString(),
                    "progress.txt"))
                    && Files.exists(Path.of(workspaceRoot, forker.toString(), "tick.txt")));
            Waits.await("the forker forked").until(() -> forkerProcess.children().findAny().isPresent());
            return new Agents(List.of(demoProcess, forkerProcess), forkerProcess.children().findFirst().orElseThrow());
        }
    }

    private static UUID spawn(DescartesPeer peer, String backend, String task) {
        SpawnResponse r = (SpawnResponse) peer.call(new SpawnRequest("s-" + UUID.randomUUID(),
                AgentConfig.of(backend, backend, task), null, null));
        assertTrue(r.success(), r.error());
        return r.agentInfo().id();
    }

    private static ProcessHandle process(DescartesPeer peer, UUID agent) {
        CommandResponse status = (CommandResponse) peer.call(new ControlCommand("c-" + UUID.randomUUID(), agent,
                ControlCommandType.GET_STATUS, null));
        assertTrue(status.success(), status.error());
        return ProcessHandle.of(status.data().get("pid").asLong()).orElseThrow();
    }

    /** A record of a dead hub's agent under the pid an unrelated process has now (another start time). */
    private static void forgeRecordOfReusedPid(String folder, Process unrelated) {
        ProcStat self = ProcStat.of(ProcessHandle.current().pid()).orElseThrow();
        new AgentProcessRecords(Path.of(folder)).save(new AgentProcessRecords.Entry(UUID.randomUUID(), self.pid(),
                self.startTicks() + 1, unrelated.pid(), ProcStat.of(unrelated.pid()).orElseThrow().startTicks() - 1));
    }
}
