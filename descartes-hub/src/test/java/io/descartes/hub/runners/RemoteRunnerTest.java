package io.descartes.hub.runners;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A remote runner in its own JVM registers with the hub, takes the spawns that ask for its label, streams its
 * agents' events to the hub as rows, and, killed with SIGKILL, is marked lost with its agents failed.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:RemoteRunnerTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:RemoteRunnerTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:RemoteRunnerTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:RemoteRunnerTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + RemoteRunnerTest.DB,
                "hub.agents.workspace-root=target/remote-runner-test-hub-workspaces",
                "hub.runner.lost-after-ms=3000",
                "hub.runner.sweep-ms=200",
                "hub.runner.request-timeout-ms=3000",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteRunnerTest {

    static final String DB = "target/remote-runner-test.db";
    static final String COMMANDS = TestPorts.tcp("RemoteRunnerTest.command");
    static final String RUNNER_LINK = TestPorts.tcp("RemoteRunnerTest.runner");
    private static final Map<String, String> REMOTE = Map.of("label.site", "remote");

    static {
        TestDatabase.reset(DB);
    }

    private static String query(String sql) throws Exception {
        return TestDatabase.queryString(DB, sql);
    }

    /**
     * A runner labelled site=&lt;site&gt;, whose echo backend exits at once (redefined: only the backends of
     * application.properties can be set).
     */
    private static RunnerProcess startRunner(String id, String site) throws Exception {
        return RunnerProcess.start(Map.of(
                "hub.runner.id", id,
                "hub.zmq.runner.address", RUNNER_LINK,
                "hub.runner.command-address", TestPorts.tcp("RemoteRunnerTest." + id + "-command"),
                "hub.runner.labels", "site=" + site,
                "hub.runner.heartbeat-ms", "300",
                "hub.agents.workspace-root", "target/remote-runner-test-runner-workspaces",
                "hub.agents.backends.echo.argv", "true",
                "hub.agents.backends.echo.task-input", "none"),
                HubProcess.logFile("remote-runner-test-" + id));
    }

    private static void awaitLive(String runnerId) {
        Waits.await(runnerId + " registered as live").until(
                () -> "live".equals(query("SELECT coalesce(max(status), '') FROM runners WHERE id = '" + runnerId + "'")));
    }

    @Test
    void aRemoteRunnerTakesLabelledSpawnsStreamsTheirEventsAndWhenKilledItsAgentsAreLost() throws Exception {
        try (RunnerProcess runner = startRunner("runner-a", "remote");
             DescartesPeer client = new DescartesPeer(COMMANDS)) {
            awaitLive("runner-a");

            SpawnResponse quick = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("remote-quick",
                    AgentConfig.of("quick", "demo", "steps=3 step-ms=20"), null, REMOTE)));
            assertTrue(quick.success(), quick.error());
            String quickId = quick.agentInfo().id().toString();
            assertEquals("runner-a", query("SELECT runner_id FROM runner_agents WHERE agent_id = '" + quickId + "'"));
            // its output and its exit, sent by the runner over the runner link, are rows of the hub
            Waits.await("the remote agent's output and completion recorded").until(() ->
                    "completed".equals(query("SELECT coalesce(max(status), '') FROM agents WHERE id = '" + quickId + "'"))
                    && !"0".equals(query("SELECT count(*) FROM events WHERE event_type = 'log_stream'"
                            + " AND agent_id = '" + quickId + "'")));

            SpawnResponse slow = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("remote-slow",
                    AgentConfig.of("slow", "demo", "steps=5000 step-ms=50"), null, REMOTE)));
            assertTrue(slow.success(), slow.error());
            UUID slowId = slow.agentInfo().id();
            Waits.await("the slow agent's output recorded").until(() -> !"0".equals(query(
                    "SELECT count(*) FROM events WHERE event_type = 'log_stream' AND agent_id = '" + slowId + "'")));
            // a command about a remote agent is forwarded to its runner
            CommandResponse status = assertInstanceOf(CommandResponse.class, client.call(
                    new ControlCommand("status-slow", slowId, ControlCommandType.GET_STATUS, null)));
            assertTrue(status.success(), status.error());
            assertEquals("running", status.status().wire());

            runner.kill();
            Waits.await("runner-a marked lost").until(
                    () -> "lost".equals(query("SELECT coalesce(max(status), '') FROM runners WHERE id = 'runner-a'")));
            Waits.await("the slow agent recorded as failed (runner lost)").until(
                    () -> "failed".equals(query("SELECT coalesce(max(status), '') FROM agents WHERE id = '" + slowId + "'")));
            String lost = query("SELECT content FROM events WHERE event_type = 'status_update' AND agent_id = '"
                    + slowId + "' ORDER BY id DESC LIMIT 1");
            assertTrue(lost.contains("runner lost") && lost.contains("runner_lost"), lost);
            assertEquals("completed", query("SELECT coalesce(max(status), '') FROM agents WHERE id = '" + quickId + "'"));

            // nothing else has the label: the spawn is refused, not run by the embedded runner
            SpawnResponse refused = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("remote-none",
                    AgentConfig.of("none", "demo", "steps=1"), null, REMOTE)));
            assertFalse(refused.success());
            assertTrue(refused.error().startsWith("No runner can take this spawn"), refused.error());
        }
    }

    /**
     * The runner starts an agent before it answers the spawn, so the exit of one that ends at once can reach the hub
     * (runner link) before its spawn_response (the runner's reply): whichever the hub records first, the final status
     * stays.
     */
    @Test
    void anAgentThatExitsAtOnceStaysCompletedWhenItsExitOvertakesItsSpawnResponse() throws Exception {
        try (RunnerProcess runner = startRunner("runner-quick", "quick");
             DescartesPeer client = new DescartesPeer(COMMANDS)) {
            awaitLive("runner-quick");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("exits-" + i,
                        AgentConfig.of("exits-" + i, "echo", "none"), null, Map.of("label.site", "quick"))));
                assertTrue(spawned.success(), spawned.error());
                ids.add(spawned.agentInfo().id().toString());
            }
            for (String id : ids) {
                // the spawn_response is recorded before its reply leaves; wait for the exit too
                Waits.await("the exit of " + id + " recorded").until(() -> !"0".equals(query("SELECT count(*) FROM events"
                        + " WHERE event_type = 'status_update' AND agent_id = '" + id + "' AND content LIKE '%completed%'")));
                assertEquals("completed", query("SELECT status FROM agents WHERE id = '" + id + "'"), id);
            }
        }
    }

    @Test
    void aRunnerThatDoesNotAnswerTimesTheSpawnOut() throws Exception {
        try (DescartesPeer silent = new DescartesPeer(RUNNER_LINK);
             DescartesPeer client = new DescartesPeer(COMMANDS)) {
            // registers, but nothing listens on its command address
            RunnerAck ack = assertInstanceOf(RunnerAck.class, silent.call(new RunnerRegister("silent",
                    TestPorts.tcp("RemoteRunnerTest.silent-runner-command"), 4, Map.of("site", "silent"), List.of())));
            assertTrue(ack.known());
            SpawnResponse timedOut = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("silent-spawn",
                    AgentConfig.of("x", "demo", "steps=1"), null, Map.of("label.site", "silent"))));
            assertFalse(timedOut.success());
            assertTrue(timedOut.error().contains("did not answer"), timedOut.error());
        }
    }
}
