package io.descartes.hub.runners;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.ListAgentsResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every HTTP agent endpoint and list_agents_request behave for an agent of a remote runner (its own JVM) as for an
 * embedded one: right status codes, the agent in the lists, and no ZeroMQ or hub-internal header in any reply.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:RemoteAgentsHttpTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:RemoteAgentsHttpTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:RemoteAgentsHttpTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:RemoteAgentsHttpTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + RemoteAgentsHttpTest.DB,
                "hub.agents.workspace-root=target/remote-agents-http-test-hub-workspaces",
                "camel.main.routes-reload-enabled=false"})
class RemoteAgentsHttpTest {

    static final int HTTP_PORT = TestPorts.port("RemoteAgentsHttpTest.http");
    static final String COMMANDS = TestPorts.tcp("RemoteAgentsHttpTest.command");
    static final String RUNNER_LINK = TestPorts.tcp("RemoteAgentsHttpTest.runner");
    static final String DB = "target/remote-agents-http-test.db";

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(HTTP_PORT);

    @Test
    void everyAgentEndpointServesARemoteAgent() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(Map.of(
                "hub.runner.id", "runner-http",
                "hub.zmq.runner.address", RUNNER_LINK,
                "hub.runner.command-address", TestPorts.tcp("RemoteAgentsHttpTest.runner-command"),
                "hub.runner.labels", "site=remote",
                "hub.runner.heartbeat-ms", "300",
                "hub.agents.workspace-root", "target/remote-agents-http-test-runner-workspaces"),
                HubProcess.logFile("remote-agents-http-test-runner"))) {
            Waits.await("runner-http registered as live").until(() -> "live".equals(TestDatabase.queryString(DB,
                    "SELECT coalesce(max(status), '') FROM runners WHERE id = 'runner-http'")));

            JsonNode spawned = call(201, "POST", "/api/agents", HubHttp.json(Map.of("name", "far",
                    "model_backend", "demo", "task", "steps=100000 step-ms=50",
                    "metadata", Map.of("label.site", "remote"))));
            String id = spawned.get("agent_info").get("id").asText();

            JsonNode listed = call(200, "GET", "/api/agents?status=running", null);
            JsonNode inList = listed.get("agents").get(listed.get("agents").findValuesAsText("id").indexOf(id));
            assertEquals("runner-http", inList.get("runner_id").asText(), listed.toString());

            JsonNode got = call(200, "GET", "/api/agents/" + id, null);
            assertEquals("running", got.get("status").asText());
            assertEquals("runner-http", got.get("runner_id").asText());
            assertEquals("demo", got.get("model_backend").asText());
            assertTrue(got.get("started_at").isTextual(), got.toString());

            Waits.await("the remote agent's output, from its recorded events").until(() -> call(200, "GET",
                    "/api/agents/" + id + "/output?stream=stdout&filter=%5Estep", null).get("total_lines").asLong() >= 2);

            JsonNode paused = call(200, "POST", "/api/agents/" + id + "/control", "{\"command\": \"pause\"}");
            assertEquals("paused", paused.get("status").asText(), paused.toString());
            Waits.await("the registry shows the pause").until(() -> "paused".equals(call(200, "GET", "/api/agents/"
                    + id, null)
                    .get("status").asText()));
            JsonNode pausedView = call(200, "GET", "/api/agents/" + id, null);
            assertEquals("cooperative", pausedView.get("pause_mode").asText(), pausedView.toString());
            assertTrue(pausedView.get("paused_at").isTextual(), pausedView.toString());
            call(409, "POST", "/api/agents/" + id + "/control", "{\"command\": \"pause\"}");
            assertEquals("running", call(200, "POST", "/api/agents/" + id + "/control", "{\"command\": \"resume\"}")
                    .get("status").asText());

            try (DescartesPeer client = new DescartesPeer(COMMANDS)) {
                ListAgentsResponse zmqList = assertInstanceOf(ListAgentsResponse.class,
                        client.call(new ListAgentsRequest("list-remote", null, null)));
                assertTrue(zmqList.agents().stream().anyMatch(a -> a.id().toString().equals(id)), zmqList.toString());
            }

            JsonNode batch = call(200, "POST", "/api/agents/batch", "{\"agent_ids\": [\"" + id
                    + "\"], \"command\": \"stop\"}");
            assertTrue(batch.get("success").asBoolean(), batch.toString());
            assertEquals("terminated", batch.get("results").get(0).get("status").asText(), batch.toString());
            Waits.await("the registry shows the stop").until(() -> "terminated".equals(call(200, "GET", "/api/agents/"
                    + id,
                    null).get("status").asText()));
            assertTrue(call(200, "GET", "/api/agents/" + id, null).get("ended_at").isTextual());
        }
    }

    /** The reply's JSON after checking its status and that no transport or hub-internal header leaked into it. */
    private JsonNode call(int status, String method, String path, String body) throws Exception {
        HubHttp.Reply reply = http.send(method, path, body);
        assertEquals(status, reply.status(), method + " " + path + ": " + reply.body());
        List<String> leaked = reply.response().headers().map().keySet().stream()
                .filter(h -> h.toLowerCase().startsWith("zmq") || h.toLowerCase().startsWith("descartes")).toList();
        assertEquals(List.of(), leaked, method + " " + path + " leaks headers");
        return reply.json();
    }
}
