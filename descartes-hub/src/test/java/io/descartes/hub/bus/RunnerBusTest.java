package io.descartes.hub.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.BusAttach;
import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A remote runner (its own JVM) carries its stdio agents' bus traffic over the runner link: the demo worker on the
 * runner serves the demo lead on the hub (request in, progress and response out); and the runner link takes bus
 * frames only as agents placed on the runner that speaks.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:RunnerBusTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:RunnerBusTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:RunnerBusTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:RunnerBusTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + RunnerBusTest.DB,
                "hub.agents.workspace-root=target/runner-bus-test-hub-workspaces",
                "hub.agents.embedded.labels=site=hub",
                // without CURVE a peer is its connection: the test's own connection is not the runner's
                "hub.zmq.curve.enabled=false",
                "camel.main.routes-reload-enabled=false"})
class RunnerBusTest {

    static final String DB = "target/runner-bus-test.db";
    private static final String RUNNER_LINK = TestPorts.tcp("RunnerBusTest.runner");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("RunnerBusTest.http"));

    @Test
    void aRunnersStdioAgentServesAHubAgentOverTheRunnerLinkAsItselfOnly() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(Map.of(
                "hub.runner.id", "runner-bus",
                "hub.zmq.runner.address", RUNNER_LINK,
                "hub.runner.command-address", TestPorts.tcp("RunnerBusTest.runner-command"),
                "hub.runner.labels", "site=remote",
                "hub.runner.heartbeat-ms", "300",
                "hub.zmq.curve.enabled", "false",
                "hub.agents.workspace-root", "target/runner-bus-test-runner-workspaces"),
                HubProcess.logFile("runner-bus-test-runner"))) {
            Waits.await("runner-bus live").until(() -> "live".equals(TestDatabase.queryString(DB,
                    "SELECT coalesce(max(status), '') FROM runners WHERE id = 'runner-bus'")));
            String worker = spawn("far-worker", "bus-worker", "steps=2 step-ms=100", "remote");
            assertEquals("runner-bus", http.send("GET", "/api/agents/" + worker, null).json().get("runner_id").asText());
            String lead = spawn("near-lead", "bus-lead", "worker=" + worker + " job=far-job", "hub");

            Waits.await("the lead done").until(() -> "completed".equals(
                    http.send("GET", "/api/agents/" + lead, null).json().get("status").asText()));
            JsonNode conversation = http.send("GET", "/api/bus/messages?correlation_id=job-" + lead, null).json()
                    .get("messages");
            List<String> kinds = new ArrayList<>();
            conversation.forEach(m -> kinds.add(m.get("kind").asText() + " from " + m.get("sender").asText()));
            assertEquals(List.of("request from " + lead, "publish from " + worker, "publish from " + worker,
                    "response from " + worker), kinds, conversation.toString());
            assertEquals("delivered", conversation.get(0).get("deliveries").get(0).get("state").asText());

            try (DescartesPeer stranger = DescartesPeer.unauthenticated(RUNNER_LINK)) {
                BusReply attach = assertInstanceOf(BusReply.class, stranger.call(new BusAttach(worker)));
                assertFalse(attach.ok());
                assertEquals("forbidden", attach.code(), "another connection does not speak for the worker's runner");
                BusReply asHubAgent = assertInstanceOf(BusReply.class, stranger.call(BusPeer.message("spoof", BusKind.DIRECT,
                        lead, worker, null, null, null, 50, false, null, WireTime.now())));
                assertEquals("forbidden", asHubAgent.code(), "the lead runs on the hub, on no runner");
            }
            assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM bus_messages WHERE id = 'spoof'"));
        }
    }

    private String spawn(String name, String backend, String task, String site) throws Exception {
        HubHttp.Reply reply = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", name, "model_backend", backend,
                "task", task, "metadata", Map.of("label.site", site))));
        assertEquals(201, reply.status(), reply.body());
        return reply.json().get("agent_info").get("id").asText();
    }
}
