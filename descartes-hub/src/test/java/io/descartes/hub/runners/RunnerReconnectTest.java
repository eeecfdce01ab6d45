package io.descartes.hub.runners;

import java.util.Map;

import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hub and runner as two JVMs: the hub is killed and started again, the runner reconnects and registers again on
 * its own; stopped gracefully, the runner stops its agents, their final status reaches the hub, then it unregisters.
 */
class RunnerReconnectTest {

    private static final String DB = "target/runner-reconnect-test.db";
    private static final String COMMANDS = TestPorts.tcp("RunnerReconnectTest.command");
    private static final String RUNNER_LINK = TestPorts.tcp("RunnerReconnectTest.runner");
    private static final Map<String, String> HUB = Map.of(
            "hub.http.port", String.valueOf(TestPorts.port("RunnerReconnectTest.http")),
            "hub.zmq.command.address", COMMANDS,
            "hub.zmq.pub.address", TestPorts.tcp("RunnerReconnectTest.pub"),
            "hub.zmq.runner.address", RUNNER_LINK,
            "hub.db.url", "jdbc:sqlite:" + DB,
            "hub.agents.workspace-root", "target/runner-reconnect-test-hub-workspaces",
            "hub.agents.embedded.enabled", "false",
            "camel.main.routes-reload-enabled", "false");

    private static String query(String sql) throws Exception {
        return TestDatabase.queryString(DB, sql);
    }

    @Test
    void theRunnerRegistersAgainWhenTheHubRestartsAndUnregistersWhenStopped() throws Exception {
        TestDatabase.reset(DB);
        try (HubProcess first = HubProcess.start(HUB, HubProcess.logFile("runner-reconnect-test-hub-1"));
             RunnerProcess runner = RunnerProcess.start(Map.of(
                     "hub.runner.id", "runner-r",
                     "hub.zmq.runner.address", RUNNER_LINK,
                     "hub.runner.command-address", TestPorts.tcp("RunnerReconnectTest.runner-command"),
                     "hub.runner.heartbeat-ms", "300",
                     "hub.runner.reconnect-max-ms", "1000",
                     "hub.agents.stop-grace-ms", "3000",
                     "hub.agents.workspace-root", "target/runner-reconnect-test-runner-workspaces"),
                     HubProcess.logFile("runner-reconnect-test-runner"))) {
            Waits.await("runner-r live").until(() -> "live".equals(runnerStatus()));
            // registered_at tells a new registration from the first one
            String firstRegistration = query("SELECT registered_at FROM runners WHERE id = 'runner-r'");
            first.kill();

            try (HubProcess second = HubProcess.start(HUB, HubProcess.logFile("runner-reconnect-test-hub-2"));
                 DescartesPeer client = new DescartesPeer(COMMANDS)) {
                Waits.await("runner-r registered with the restarted hub").until(() -> "live".equals(runnerStatus())
                        && !firstRegistration.equals(query("SELECT registered_at FROM runners WHERE id = 'runner-r'")));
                // the embedded runner is off: this spawn can only run on runner-r
                SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("after-restart",
                        AgentConfig.of("long", "demo", "steps=5000 step-ms=50"), null, null)));
                assertTrue(spawned.success(), spawned.error());
                String agent = spawned.agentInfo().id().toString();
                Waits.await("the agent runs").until(() -> "running".equals(agentStatus(agent)));

                int exit = runner.stop();
                assertTrue(exit == 0 || exit == 143, "graceful stop on SIGTERM, exit " + exit); // 143 = 128 + SIGTERM
                assertEquals("unregistered", runnerStatus());
                assertEquals("terminated", agentStatus(agent));
            }
        }
    }

    private static String runnerStatus() throws Exception {
        return query("SELECT coalesce(max(status), '') FROM runners WHERE id = 'runner-r'");
    }

    private static String agentStatus(String agent) throws Exception {
        return query("SELECT coalesce(max(status), '') FROM agents WHERE id = '" + agent + "'");
    }
}
