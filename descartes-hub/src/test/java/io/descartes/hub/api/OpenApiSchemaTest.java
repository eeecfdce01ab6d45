package io.descartes.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hub's real answers fit the schemas /api/openapi.json gives them: each call below is looked up in the served
 * document by method, path and the status it got (which must be documented), and its body checked against that
 * response's schema. One answer of each schema, successes and refusals.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:OpenApiSchemaTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:OpenApiSchemaTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:OpenApiSchemaTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:OpenApiSchemaTest.runner}}", "hub.db.url=jdbc:sqlite:" + OpenApiSchemaTest.DB,
                "hub.agents.workspace-root=target/openapi-schema-test-workspaces",
                "hub.security.master-key-file=target/openapi-schema-test-master.key",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiSchemaTest {

    static final String DB = "target/openapi-schema-test.db";
    private static final String LONG_TASK = "steps=2000 step-ms=50";

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("OpenApiSchemaTest.http"));
    private JsonNode document;
    private SchemaCheck schemas;

    @BeforeEach
    void readTheDocument() throws Exception {
        if (document == null) {
            document = http.send("GET", "/api/openapi.json", null).json();
            schemas = new SchemaCheck(document);
        }
    }

    @Test
    void agentsAreResourcesAndTheirCallsAnswerTheirSchemas() throws Exception {
        HubHttp.Reply spawn = http.send("POST", "/api/agents", "{\"name\": \"schema\", \"model_backend\": \"demo\", "
                + "\"task\": \"" + LONG_TASK + "\", \"environment\": {\"DEMO_EXIT\": \"0\"}}");
        assertEquals(201, spawn.status(), spawn.body());
        JsonNode spawned = spawn.json();
        check("POST", "/api/agents", 201, spawned);
        String location = spawn.response().headers().firstValue("Location").orElse("none");
        String id = spawned.at("/agent_info/id").asText();
        answer("GET", "/api/agents", 200, null);
        assertEquals(id, answer("GET", location, 200, null).path("id").asText(), "the spawn's Location is the agent: " + location);
        answer("GET", "/api/agents/" + id + "/output?limit=5", 200, null);
        answer("POST", "/api/agents/" + id + "/control", 200, "{\"command\": \"get_status\"}");
        answer("POST", "/api/agents/batch", 200, "{\"agent_ids\": [\"" + id + "\"], \"command\": \"get_status\"}");
        Waits.await("an event of the agent").until(() -> answer("GET", "/api/agents/" + id + "/timeline", 200, null)
                .get("items").size() > 0);
        answer("POST", "/api/snapshots", 200, "{\"agent_id\": \"" + id + "\"}");
        answer("GET", "/api/snapshots?agent_id=" + id, 200, null);
        answer("GET", "/api/agents/" + id + "/timeline", 200, null);

        answer("GET", "/api/agents/not-an-id", 400, null);
        answer("GET", "/api/agents/" + UUID.randomUUID(), 404, null);
        answer("POST", "/api/agents", 400, "{\"name\": ");
        answer("POST", "/api/agents", 400, "{\"name\": \"x\", \"model_backend\": \"no-such-backend\"}");
        answer("POST", "/api/agents/" + UUID.randomUUID() + "/control", 404, "{\"command\": \"stop\"}");
        answer("POST", "/api/agents/" + id + "/control", 200, "{\"command\": \"kill\"}");
    }

    @Test
    void theEventLogAnswersItsSchemas() throws Exception {
        JsonNode page = answer("GET", "/api/events?limit=3", 200, null);
        Waits.await("an event").until(() -> answer("GET", "/api/events?limit=3", 200, null).get("events").size() > 0);
        long first = answer("GET", "/api/events?limit=1", 200, null).at("/events/0/id").asLong();
        answer("GET", "/api/events/" + first, 200, null);
        answer("GET", "/api/events?order=desc&limit=2", 200, null);
        answer("GET", "/api/dead-letters", 200, null);
        answer("GET", "/api/events/" + Long.MAX_VALUE, 404, null);
        answer("GET", "/api/events?limit=many", 400, null);
        assertTrue(page.has("has_more"), page.toString());
    }

    @Test
    void leasesSecretsAndKeysAnswerTheirSchemas() throws Exception {
        JsonNode lease = answer("POST", "/api/leases", 201, "{\"resource\": \"repo\", \"holder\": \"a\", \"ttl_ms\": 60000}");
        answer("POST", "/api/leases", 409, "{\"resource\": \"repo\", \"holder\": \"b\", \"ttl_ms\": 60000}");
        answer("GET", "/api/leases", 200, null);
        String token = lease.get("token").asText();
        answer("POST", "/api/leases/repo/renew", 200, "{\"holder\": \"a\", \"token\": " + token + ", \"ttl_ms\": 60000}");
        answer("DELETE", "/api/leases/repo?holder=a&token=" + token, 200, null);

        answer("POST", "/api/secrets", 201, "{\"name\": \"API_KEY\", \"value\": \"s3cret\"}");
        answer("POST", "/api/secrets", 409, "{\"name\": \"API_KEY\", \"value\": \"again\"}");
        answer("PUT", "/api/secrets/API_KEY", 200, "{\"value\": \"rotated\"}");
        answer("GET", "/api/secrets", 200, null);
        answer("GET", "/api/secrets/API_KEY", 200, null);
        answer("POST", "/api/secrets/API_KEY/reveal", 403, null);
        answer("DELETE", "/api/secrets/API_KEY", 200, null);
        answer("GET", "/api/secrets/API_KEY", 404, null);
        answer("POST", "/api/secrets", 400, "{\"name\": \"API_KEY\", \"value\": \"v\", \"extra\": 1}");

        answer("POST", "/api/zmq/clients", 201, "{\"name\": \"cli\"}");
        answer("GET", "/api/zmq/clients", 200, null);
        answer("DELETE", "/api/zmq/clients/cli", 200, null);
        answer("DELETE", "/api/zmq/clients/nobody", 404, null);
    }

    @Test
    void runnersAndStatusAnswerTheirSchemas() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(Map.of("hub.runner.id", "runner-schema",
                "hub.zmq.runner.address", TestPorts.tcp("OpenApiSchemaTest.runner"),
                "hub.runner.command-address", TestPorts.tcp("OpenApiSchemaTest.runner-commands"),
                "hub.runner.labels", "site=schema", "hub.agents.workspace-root", "target/openapi-schema-test-runner"),
                HubProcess.logFile("openapi-schema-test-runner"))) {
            Waits.await("the runner listed").until(() -> answer("GET", "/api/runners", 200, null).get("runners").size() == 1);
        }
        answer("GET", "/api/runners?state=live", 400, null);
        JsonNode health = http.send("GET", "/health", null).json();
        check("GET", "/health", health.get("status").asText().equals("UP") ? 200 : 503, health);
    }

    @Test
    void aCallWithoutTheTokenAnswersTheErrorSchema() throws Exception {
        HubHttp.Reply reply = http.send("GET", "/api/agents", null, null);
        check("GET", "/api/agents", reply.status(), reply.json());
    }

    /** Sends the call, expects the status, and checks the body against the document; the body for more calls. */
    private JsonNode answer(String method, String path, int status, String body) throws Exception {
        HubHttp.Reply reply = http.send(method, path, body);
        assertEquals(status, reply.status(), method + " " + path + ": " + reply.body());
        check(method, path, status, reply.json());
        return reply.json();
    }

    private void check(String method, String path, int status, JsonNode body) {
        JsonNode operation = operation(method, path.split("\\?", 2)[0]);
        JsonNode response = operation.at("/responses/" + status);
        List<String> listed = new ArrayList<>();
        operation.get("responses").fieldNames().forEachRemaining(listed::add);
        assertTrue(response.isObject(), method + " " + path + " answered " + status + ", the document lists " + listed);
        List<String> problems = schemas.problems(response.at("/content/application~1json/schema"), body);
        assertTrue(problems.isEmpty(), method + " " + path + " " + status + ": " + problems + " in " + body);
    }

    /** The document's operation for a request path: the path template that fits it, literal segments first. */
    private JsonNode operation(String method, String path) {
        List<String> fits = new ArrayList<>();
        for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            if (path.matches(template.replaceAll("\\{[^/]+}", "[^/]+"))
                    && document.get("paths").get(template).has(method.toLowerCase(Locale.ROOT))) {
                fits.add(template);
            }
        }
        assertTrue(!fits.isEmpty(), method + " " + path + " is not in the document");
        fits.sort(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()));
        return document.get("paths").get(fits.get(0)).get(method.toLowerCase(Locale.ROOT));
    }
}
