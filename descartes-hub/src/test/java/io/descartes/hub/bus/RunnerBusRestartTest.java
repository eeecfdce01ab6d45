package io.descartes.hub.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.junit.jupiter.api.Test;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stdio agent (the demo worker) outlives a hub restart on its remote runner: a message it got but never
 * acknowledged before the hub was killed is delivered to it again by the new hub as soon as the runner has re-attached
 * it (not after the ack timeout), from the delivery state in the store.
 */
class RunnerBusRestartTest {

    private static final String DB = "target/runner-bus-restart-test.db";
    private static final String RUNNER_LINK = TestPorts.tcp("RunnerBusRestartTest.runner");
    private static final Map<String, String> HUB = Map.ofEntries(
            entry("hub.security.token", TestAuth.TOKEN),
            entry("hub.http.port", String.valueOf(TestPorts.port("RunnerBusRestartTest.http"))),
            entry("hub.zmq.command.address", TestPorts.tcp("RunnerBusRestartTest.command")),
            entry("hub.zmq.pub.address", TestPorts.tcp("RunnerBusRestartTest.pub")),
            entry("hub.zmq.runner.address", RUNNER_LINK),
            entry("hub.db.url", "jdbc:sqlite:" + DB),
            entry("hub.agents.workspace-root", "target/runner-bus-restart-test-hub-workspaces"),
            entry("hub.agents.embedded.enabled", "false"),
            entry("hub.bus.ack-timeout-ms", "600000"),
            entry("camel.main.routes-reload-enabled", "false"));
    private static final Map<String, String> RUNNER = Map.ofEntries(
            entry("hub.runner.id", "runner-restart"),
            entry("hub.zmq.runner.address", RUNNER_LINK),
            entry("hub.runner.command-address", TestPorts.tcp("RunnerBusRestartTest.runner-command")),
            entry("hub.runner.heartbeat-ms", "300"),
            entry("hub.agents.workspace-root", "target/runner-bus-restart-test-runner-workspaces"),
            entry("hub.agents.process-records", "target/runner-bus-restart-test-runner-processes"));

    private final HubHttp http = new HubHttp(TestPorts.port("RunnerBusRestartTest.http"));

    @Test
    void anUnackedMessageReachesTheRunnersAgentAgainAfterAHubRestart() throws Exception {
        TestDatabase.reset(DB);
        // the hub first: its first start makes the ZeroMQ keys the runner reads (a clean clone has none)
        try (HubProcess first = HubProcess.start(HUB, HubProcess.logFile("runner-bus-restart-hub"));
             RunnerProcess runner = RunnerProcess.start(RUNNER, HubProcess.logFile("runner-bus-restart-runner"))) {
            Waits.await("the runner live").until(() -> "live".equals(TestDatabase.queryString(DB,
                    "SELECT coalesce(max(status), '') FROM runners WHERE id = 'runner-restart'")));
            HubHttp.Reply spawned = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "worker",
                    "model_backend", "bus-worker", "task", "serve")));
            assertEquals(201, spawned.status(), spawned.body());
            String worker = spawned.json().get("agent_info").get("id").asText();
            assertEquals(201, http.send("POST", "/api/bus/messages", "{\"id\": \"unacked\", \"kind\": \"direct\", "
                    + "\"sender\": \"ops\", \"recipient\": \"" + worker + "\", \"requires_ack\": true}").status());
            Waits.await("the first delivery").until(() -> received(worker).size() == 1);
            first.kill();
            try (HubProcess hub = HubProcess.start(HUB, HubProcess.logFile("runner-bus-restart-hub-again"))) {
                Waits.await("the delivery again").until(() -> received(worker).size() == 2);
                List<String> got = received(worker);
                assertTrue(got.get(1).contains("\"id\":\"unacked\"") && got.get(1).contains("\"attempts\":2"), got.toString());
            }
        }
    }

    /** The deliveries the demo worker printed (it serves requests, and shows anything else), from its recorded output. */
    private List<String> received(String agent) throws Exception {
        JsonNode lines = http.send("GET", "/api/agents/" + agent + "/output?stream=stdout&filter=%5Eworker%3A%20ignored", null).json()
                .get("lines");
        List<String> got = new ArrayList<>();
        lines.forEach(l -> got.add(l.asText()));
        return got;
    }
}
