package io.descartes.hub.agents;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.ListAgentsResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestAuth;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP triggers go through the same recording and dispatch routes as ZMQ requests. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:AgentsHttpTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:AgentsHttpTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:AgentsHttpTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:AgentsHttpTest.runner}}",
                "hub.db.url={{test-db:" + AgentsHttpTest.DB + "}}",
                "hub.agents.workspace-root=target/agents-http-test-workspaces",
                "hub.agents.stop-grace-ms=3000",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsHttpTest {

    static final String DB = "target/agents-http-test.db";
    private static final String BASE = "http://127.0.0.1:" + TestPorts.port("AgentsHttpTest.http") + "/api/agents";
    private static final String LONG_TASK = "steps=2000 step-ms=50";

    private final HttpClient http = HubHttp.client();
    private final ObjectMapper json = new ObjectMapper();

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void spawnControlAndInspectAnAgentOverHttp() throws Exception {
        JsonNode spawned = expect(201, post(BASE, "{\"name\": \"web\", \"model_backend\": \"demo\", \"task\": \""
                + LONG_TASK + "\", \"environment\": {\"DEMO_EXIT\": \"0\"}}"));
        assertTrue(spawned.get("success").asBoolean());
        String id = spawned.get("agent_info").get("id").asText();
        assertEquals("running", spawned.get("agent_info").get("status").asText());
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'spawn_request' "
                + "AND json_extract(content, '$.request_id') = '" + spawned.get("request_id").asText() + "'"),
                "the HTTP request is recorded like a ZMQ one");

        JsonNode got = expect(200, get(BASE + "/" + id));
        assertEquals("running", got.get("status").asText());
        assertEquals("web", got.get("name").asText());
        long pid = got.get("pid").asLong();

        assertEquals("paused", expect(200, post(BASE + "/" + id + "/control", "{\"command\": \"pause\"}"))
                .get("status").asText());
        Waits.await("process state T").until(() -> ProcessState.of(pid) == 'T');
        JsonNode conflict = expect(409, post(BASE + "/" + id + "/control", "{\"command\": \"pause\"}"));
        assertEquals("Cannot pause agent " + id + ": it is paused", conflict.get("error").asText());
        expect(200, post(BASE + "/" + id + "/control", "{\"command\": \"resume\"}"));

        Waits.await("four steps").until(() -> expect(200, get(BASE + "/" + id + "/output?stream=stdout&filter=step"))
                .get("total_lines").asLong() >= 4);
        JsonNode output = expect(200, get(BASE + "/" + id + "/output?stream=stdout&offset=1&limit=2&filter=step"));
        assertEquals("step 2/2000: working on " + LONG_TASK, output.get("lines").get(1).asText());
        assertTrue(output.get("has_more").asBoolean());

        JsonNode listed = expect(200, get(BASE + "?status=running"));
        assertTrue(listed.get("agents").findValuesAsText("id").contains(id));

        JsonNode stopped = expect(200, post(BASE + "/" + id + "/control", "{\"command\": \"stop\"}"));
        assertEquals("terminated", stopped.get("status").asText());
        assertEquals("terminated", TestDatabase.queryString(DB, "SELECT status FROM agents WHERE id = '" + id + "'"));
    }

    @Test
    void batchOverHttpStopsSeveralAgents() throws Exception {
        String a = spawnLong();
        String b = spawnLong();
        JsonNode batch = expect(200, post(BASE + "/batch", "{\"agent_ids\": [\"" + a + "\", \"" + b
                + "\"], \"command\": \"kill\", \"fail_fast\": true}"));
        assertTrue(batch.get("success").asBoolean());
        assertEquals(2, batch.get("successful").asInt());
        assertEquals("terminated", batch.get("results").get(1).get("status").asText());
    }

    @Test
    void errorsMapToHttpStatuses() throws Exception {
        String nobody = "00000000-0000-4000-8000-000000000001";
        assertEquals("Agent not found: " + nobody, expect(404, get(BASE + "/" + nobody)).get("error").asText());
        expect(404, post(BASE + "/" + nobody + "/control", "{\"command\": \"kill\"}"));
        expect(404, get(BASE + "/" + nobody + "/output"));

        JsonNode unknownBackend = expect(400, post(BASE, "{\"name\": \"x\", \"model_backend\": \"gpt-9\", \"task\": \"t\"}"));
        assertTrue(unknownBackend.get("error").asText().contains("unknown model_backend 'gpt-9'"), unknownBackend.toString());
        assertFalse(unknownBackend.get("success").asBoolean());
        assertTrue(expect(400, post(BASE, "{not json")).get("error").asText().startsWith("invalid JSON"));
        assertTrue(expect(400, post(BASE, "{\"model_backend\": 7}")).get("error").asText().contains("model_backend"));
        assertTrue(expect(400, post(BASE + "/" + nobody + "/control", "{\"command\": \"dance\"}"))
                .get("error").asText().contains("unknown variant `dance`"));
        expect(400, get(BASE + "/not-a-uuid"));
        expect(400, get(BASE + "/" + nobody + "/output?limit=-1"));

        String done = expect(201, post(BASE, "{\"name\": \"e\", \"model_backend\": \"echo\", \"task\": \"t\"}"))
                .get("agent_info").get("id").asText();
        Waits.await("echo completes").until(() -> "completed".equals(expect(200, get(BASE + "/"
                + done)).get("status").asText()));
        expect(409, post(BASE + "/" + done + "/control", "{\"command\": \"resume\"}"));
    }

    @Test
    void theListIsPagedAndFilteredByStatus() throws Exception {
        List<String> spawned = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spawned.add(expect(201, post(BASE, "{\"name\": \"page-" + i + "\", \"model_backend\": \"echo\", \"task\": \"t\"}"))
                    .get("agent_info").get("id").asText());
        }
        Waits.await("the echo agents complete").until(() -> spawned.stream().allMatch(id -> {
            try {
                return "completed".equals(expect(200, get(BASE + "/" + id)).get("status").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        List<String> paged = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            JsonNode page = expect(200, get(BASE + "?status=completed&limit=2" + (after == null ? "" : "&after=" + after)));
            assertTrue(page.get("agents").size() <= 2, page.toString());
            page.get("agents").forEach(a -> assertEquals("completed", a.get("status").asText(), a.toString()));
            page.get("agents").forEach(a -> paged.add(a.get("id").asText()));
            after = page.get("next_after").asText();
            more = page.get("has_more").asBoolean();
        }
        assertEquals(paged.size(), Set.copyOf(paged).size(), "no agent twice: " + paged);
        assertTrue(paged.containsAll(spawned), paged.toString());
        assertEquals(spawned, paged.subList(paged.size() - 3, paged.size()), "oldest first");
        JsonNode last = expect(200, get(BASE + "?status=completed&after=" + after));
        assertEquals(0, last.get("agents").size());
        assertEquals(after, last.get("next_after").asText(), "an empty page keeps the cursor");
        assertTrue(expect(200, get(BASE + "?status=completed&limit=1")).get("has_more").asBoolean());

        assertTrue(expect(400, get(BASE + "?status=Running")).get("error").asText().contains("status"));
        expect(400, get(BASE + "?limit=0"));
        expect(400, get(BASE + "?after=not-an-id"));
        expect(400, get(BASE + "?after=00000000-0000-4000-8000-000000000002"));
        expect(400, get(BASE + "?agent_status=running"));
        expect(400, get(BASE + "/" + spawned.get(0) + "?x=1"));
        expect(400, get(BASE + "/" + spawned.get(0) + "/output?stream=stdin"));
        expect(400, get(BASE + "/" + spawned.get(0) + "/output?filter=%5B"));
    }

    @Test
    void readsAreAnsweredFromTheStoreWithoutRecordingWhileZmqRequestsAreRecorded() throws Exception {
        String id = expect(201, post(BASE, "{\"name\": \"read\", \"model_backend\": \"echo\", \"task\": \"hello\"}"))
                .get("agent_info").get("id").asText();
        Waits.await("echo completes").until(() -> "completed".equals(expect(200, get(BASE + "/"
                + id)).get("status").asText()));
        // the snapshot of its final status is recorded after the status: wait for it, so the count below holds still
        Waits.await("the final snapshot is recorded").until(() -> TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events"
                + " WHERE event_type = 'snapshot_created' AND agent_id = '" + id + "'") == 1);
        String requests = "SELECT count(*) FROM events WHERE event_type IN ('list_agents_request', 'list_agents_response',"
                + " 'control_command', 'command_response', 'output_query_request', 'output_query_response')";
        long before = TestDatabase.queryLong(DB, requests);
        long all = TestDatabase.queryLong(DB, "SELECT count(*) FROM events");

        assertTrue(expect(200, get(BASE)).get("agents").findValuesAsText("id").contains(id));
        assertEquals("completed", expect(200, get(BASE + "/" + id)).get("status").asText());
        assertEquals("hello", expect(200, get(BASE + "/" + id + "/output")).get("lines").get(0).asText());
        expect(404, get(BASE + "/00000000-0000-4000-8000-000000000003"));
        assertEquals(before, TestDatabase.queryLong(DB, requests), "HTTP reads are not recorded");
        assertEquals(all, TestDatabase.queryLong(DB, "SELECT count(*) FROM events"), "no event at all");

        try (DescartesPeer peer = new DescartesPeer(TestPorts.tcp("AgentsHttpTest.command"))) {
            ListAgentsResponse listed = assertInstanceOf(ListAgentsResponse.class,
                    peer.call(new ListAgentsRequest("zmq-list-recorded", AgentStatus.COMPLETED, null)));
            assertTrue(listed.agents().stream().anyMatch(a -> a.id().toString().equals(id)));
        }
        assertEquals(2, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE json_extract(content, '$.request_id')"
                + " = 'zmq-list-recorded'"), "a ZMQ request and its response are recorded");
    }

    @Test
    void unknownFieldsInAnyBodyAre400NamingTheFieldAndChangeNothing() throws Exception {
        long spawns = TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'spawn_request'");
        JsonNode spawn = expect(400, post(BASE, "{\"name\": \"typo\", \"model_backend\": \"demo\", \"task\": \"t\", "
                + "\"lables\": {\"gpu\": \"true\"}}"));
        assertTrue(spawn.get("error").asText().startsWith("unknown field \"lables\" in the body; known: "), spawn.toString());
        assertTrue(spawn.get("error").asText().contains("metadata, model, model_backend, name"), spawn.toString());
        assertEquals(spawns, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'spawn_request'"),
                "a refused spawn is neither recorded nor run");

        String id = spawnLong();
        JsonNode control = expect(400, post(BASE + "/" + id + "/control", "{\"command\": \"kill\", \"payloads\": {}}"));
        assertEquals("unknown field \"payloads\" in the body; known: command, payload", control.get("error").asText());
        JsonNode batch = expect(400, post(BASE + "/batch", "{\"agent_ids\": [\"" + id + "\"], \"command\": \"kill\", "
                + "\"failfast\": true}"));
        assertEquals("unknown field \"failfast\" in the body; known: agent_ids, command, fail_fast, payload",
                batch.get("error").asText());
        expect(400, post(BASE + "/batch", "{\"agent_ids\": \"" + id + "\", \"command\": \"kill\"}"));
        expect(400, post(BASE + "/batch", "{\"agent_ids\": [\"" + id + "\"], \"command\": \"kill\", \"fail_fast\": 1}"));
        assertEquals("running", expect(200, get(BASE + "/" + id)).get("status").asText(), "no refused command ran");
        expect(200, post(BASE + "/" + id + "/control", "{\"command\": \"kill\"}"));
    }

    private String spawnLong() throws Exception {
        return expect(201, post(BASE, "{\"name\": \"b\", \"model_backend\": \"demo\", \"task\": \"" + LONG_TASK + "\"}"))
                .get("agent_info").get("id").asText();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", TestAuth.HEADER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", TestAuth.HEADER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode expect(int status, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
