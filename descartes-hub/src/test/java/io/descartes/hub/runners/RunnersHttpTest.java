package io.descartes.hub.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
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
import org.junit.jupiter.api.TestInstance;

/**
 * GET /api/runners against a runner in its own JVM: what it registered, its load as its agents start and
 * end, its heartbeats, and its state when it is lost; protected by the token, strict about parameters.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:RunnersHttpTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:RunnersHttpTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:RunnersHttpTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:RunnersHttpTest.runner}}", "hub.db.url=jdbc:sqlite:"
                        + RunnersHttpTest.DB,
                "hub.agents.workspace-root=target/runners-http-test-hub-workspaces", "hub.runner.lost-after-ms=3000",
                "hub.runner.sweep-ms=200", "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunnersHttpTest {

    static final int PORT = TestPorts.port("RunnersHttpTest.http");
    static final String COMMANDS = TestPorts.tcp("RunnersHttpTest.command");
    static final String RUNNER_LINK = TestPorts.tcp("RunnersHttpTest.runner");
    static final String DB = "target/runners-http-test.db";
    private static final String RUNNER_COMMANDS = TestPorts.tcp("RunnersHttpTest.runner-command");
    private static final String RFC_3339_NANOS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z";

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(PORT);

    @Test
    void aRunnerIsListedWithWhatItRegisteredItsLoadAndItsState() throws Exception {
        assertEquals(0, runners().size(), "none before one registers");
        try (RunnerProcess runner = RunnerProcess.start(Map.of("hub.runner.id", "runner-h",
                "hub.zmq.runner.address", RUNNER_LINK, "hub.runner.command-address", RUNNER_COMMANDS,
                "hub.runner.labels", "site=http,gpu=no", "hub.agents.max-agents", "3", "hub.runner.heartbeat-ms", "300",
                "hub.agents.workspace-root", "target/runners-http-test-runner-workspaces"),
                HubProcess.logFile("runners-http-test-runner"));
             DescartesPeer client = new DescartesPeer(COMMANDS)) {
            Waits.await("runner-h listed as live").until(() -> runner("live") != null);
            JsonNode registered = runner("live");
            assertEquals(Set.of("id", "address", "labels", "capacity", "load", "state", "backends", "registered_at",
                    "last_heartbeat", "hub"), fields(registered));
            assertTrue(registered.get("hub").asText().startsWith("server-"), "the hub's server id: " + registered);
            assertEquals(RUNNER_COMMANDS, registered.get("address").asText());
            assertEquals(Map.of("site", "http", "gpu", "no"), Map.of("site", registered.get("labels").get("site").asText(),
                    "gpu", registered.get("labels").get("gpu").asText()));
            assertEquals(2, registered.get("labels").size());
            assertEquals(3, registered.get("capacity").asInt());
            assertEquals(0, registered.get("load").asInt());
            assertTrue(registered.get("backends").toString().contains("\"demo\""), registered.toString());
            assertTrue(registered.get("registered_at").asText().matches(RFC_3339_NANOS), registered.toString());
            Waits.await("a heartbeat after the registration").until(() -> {
                JsonNode now = runner("live");
                return now.get("last_heartbeat").asText().compareTo(now.get("registered_at").asText()) > 0;
            });

            SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("runners-http-slow",
                    AgentConfig.of("slow", "demo", "steps=5000 step-ms=50"), null, Map.of("label.site", "http"))));
            assertTrue(spawned.success(), spawned.error());
            assertEquals(1, runner("live").get("load").asInt(), "the spawned agent counts at once");

            runner.kill();
            Waits.await("runner-h listed as lost").until(() -> runner("lost") != null);
            Waits.await("its agent failed, so no load left").until(() -> runner("lost").get("load").asInt() == 0);
            assertEquals(registered.get("registered_at"), runner("lost").get("registered_at"));
        }
    }

    @Test
    void theListNeedsTheTokenAndTakesNoParameters() throws Exception {
        assertEquals(401, http.send("GET", "/api/runners", null, null).status());
        HubHttp.Reply bad = http.send("GET", "/api/runners?state=live", null);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().get("error").asText().contains("unknown parameter 'state'"), bad.body());
        assertEquals(405, http.send("POST", "/api/runners", "{}").status());
    }

    private JsonNode runners() throws Exception {
        HubHttp.Reply reply = http.send("GET", "/api/runners", null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().get("runners");
    }

    /** runner-h when it is in this state, else null. */
    private JsonNode runner(String state) throws Exception {
        for (JsonNode runner : runners()) {
            if (runner.get("id").asText().equals("runner-h") && runner.get("state").asText().equals(state)) {
                return runner;
            }
        }
        return null;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
