package io.descartes.hub.agents;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.OutputQueryRequest;
import io.descartes.hub.protocol.OutputQueryResponse;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.ZmqOutputStream;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No single request stalls the hub: a spawn whose agent does not read its large task, and an output query whose
 * filter would backtrack for ever, hold up neither other spawns nor the agent's recorded output and exit.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:NoStallingRequestTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:NoStallingRequestTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:NoStallingRequestTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:NoStallingRequestTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + NoStallingRequestTest.DB,
                "hub.agents.workspace-root=" + NoStallingRequestTest.WORKSPACES,
                "camel.main.routes-reload-enabled=false",
                // reads its stdin only once the test puts a file "go" into its workspace, then counts the bytes
                "hub.agents.backends.gated.argv=sh,-c,while [ ! -e go ]; do sleep 0.05; done; wc -c",
                "hub.agents.backends.gated.task-input=stdin-eof",
                // prints lines without a '#' (where ^(.*){8}# backtracks for ever) and with one, until "go"
                "hub.agents.backends.ticker.argv=sh,-c,i=0; while [ ! -e go ]; do echo \"tick $i $LONG\"; echo \"# $i\";"
                        + " i=$((i+1)); sleep 0.05; done; echo done",
                "hub.agents.backends.ticker.env.LONG=" + NoStallingRequestTest.LONG,
                "hub.agents.backends.ticker.task-input=none"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoStallingRequestTest {

    static final String DB = "target/no-stalling-request-test.db";
    static final String WORKSPACES = "target/no-stalling-request-test-workspaces";
    static final String LONG = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
    private static final String BASE = "http://127.0.0.1:" + TestPorts.port("NoStallingRequestTest.http")
            + "/api/agents";
    private static final String COMMANDS = TestPorts.tcp("NoStallingRequestTest.command");
    /** Four times a pipe's buffer: its writer blocks until the agent reads. */
    private static final String BIG_TASK = "x".repeat(256 * 1024);
    private static final String CATASTROPHIC = "^(.*){8}#";

    private final HttpClient http = HubHttp.client();
    private final ObjectMapper json = new ObjectMapper();

    static {
        TestDatabase.reset(DB);
    }

    /**
     * Lets every gated agent read and every ticker end, whatever a test left behind, and waits until every spawn is
     * answered: the next test counts workspaces to see its own spawn start.
     */
    @AfterEach
    void openTheGates() throws Exception {
        if (!Files.isDirectory(Path.of(WORKSPACES))) {
            return;
        }
        try (Stream<Path> workspaces = Files.list(Path.of(WORKSPACES))) {
            for (Path workspace : workspaces.toList()) {
                Files.writeString(workspace.resolve("go"), "");
            }
        }
        Waits.await("every spawn answered").until(() -> TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE "
                + "event_type = 'spawn_request'") == TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE "
                + "event_type = 'spawn_response'"));
    }

    @Test
    void aSpawnWhoseAgentDoesNotReadItsTaskDelaysNoOtherSpawnOverHttp() throws Exception {
        long workspaces = workspaces();
        CompletableFuture<HttpResponse<String>> stuck = postAsync(BASE, spawnBody("gated-http", "gated", BIG_TASK));
        Waits.await("the first spawn makes its workspace").until(() -> workspaces() > workspaces);
        CompletableFuture<HttpResponse<String>> next = postAsync(BASE, spawnBody("next-http", "echo", "after the big one"));

        Waits.await("the second spawn is answered").until(next::isDone);
        String nextId = expect(201, next.join()).get("agent_info").get("id").asText();
        awaitStatus(nextId, "completed");
        Waits.await("the first spawn is answered").until(stuck::isDone);
        String stuckId = expect(201, stuck.join()).get("agent_info").get("id").asText();
        assertEquals("running", status(stuckId), "the first agent has not read its task yet");

        Files.writeString(Path.of(WORKSPACES, stuckId, "go"), "");
        awaitStatus(stuckId, "completed");
        assertEquals(String.valueOf(BIG_TASK.length() + 1), expect(200, get(BASE + "/" + stuckId + "/output"))
                .get("lines").get(0).asText().trim(), "the whole task reached the agent once it read");
    }

    @Test
    void aSpawnWhoseAgentDoesNotReadItsTaskDelaysNoOtherSpawnOverZmq() throws Exception {
        try (DescartesPeer first = new DescartesPeer(COMMANDS); DescartesPeer second = new DescartesPeer(COMMANDS)) {
            long workspaces = workspaces();
            first.send(new SpawnRequest("big-" + UUID.randomUUID(), AgentConfig.of("gated-zmq", "gated", BIG_TASK), null, null));
            Waits.await("the first spawn makes its workspace").until(() -> workspaces() > workspaces);
            second.send(new SpawnRequest("next-" + UUID.randomUUID(), AgentConfig.of("next-zmq", "echo", "t"), null, null));
            Waits.await("the second agent completes while the first has not read its task").until(
                    () -> "completed".equals(statusByName("next-zmq")));
            assertTrue(assertInstanceOf(SpawnResponse.class, second.receive()).success());
            SpawnResponse stuck = assertInstanceOf(SpawnResponse.class, first.receive());
            assertTrue(stuck.success(), stuck.error());
            assertEquals("running", status(stuck.agentInfo().id().toString()), "the first agent has not read its task yet");
        }
    }

    @Test
    void aCatastrophicFilterAnswersAndTheAgentKeepsBeingRecorded() throws Exception {
        String id = expect(201, post(BASE, spawnBody("ticker", "ticker", "t"))).get("agent_info").get("id").asText();
        Waits.await("some output").until(() -> outputEvents(id) >= 4);
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            String query = "q-" + UUID.randomUUID();
            peer.send(new OutputQueryRequest(query, UUID.fromString(id), ZmqOutputStream.STDOUT, CATASTROPHIC, 1000L, null));
            CompletableFuture<HttpResponse<String>> overHttp = getAsync(BASE + "/" + id + "/output?filter="
                    + URLEncoder.encode(CATASTROPHIC, StandardCharsets.UTF_8));
            // recorded right before it is answered: from here on the query runs, while the agent prints 40 lines a second
            Waits.await("the ZMQ query is recorded").until(() -> TestDatabase.queryLong(DB,
                    "SELECT count(*) FROM events WHERE "
                    + "event_type = 'output_query_request' AND json_extract(content, '$.request_id') = '" + query + "'") == 1);
            long seen = outputEvents(id);
            Waits.await("more output recorded meanwhile").until(() -> outputEvents(id) >= seen + 40);
            Files.writeString(Path.of(WORKSPACES, id, "go"), "");
            awaitStatus(id, "completed");

            OutputQueryResponse zmq = assertInstanceOf(OutputQueryResponse.class, peer.receive());
            assertTrue(zmq.success(), zmq.error());
            assertFalse(zmq.lines().isEmpty());
            assertTrue(zmq.lines().stream().allMatch(l -> l.startsWith("# ")), zmq.lines().toString());
            Waits.await("the HTTP output query is answered").until(overHttp::isDone);
            JsonNode page = expect(200, overHttp.join());
            assertTrue(page.get("total_lines").asLong() > 0, page.toString());
            page.get("lines").forEach(l -> assertTrue(l.asText().startsWith("# "), page.toString()));
        }
    }

    @Test
    void aFilterRe2DoesNotSupportIsAClearError() throws Exception {
        String id = expect(201, post(BASE, spawnBody("e", "echo", "t"))).get("agent_info").get("id").asText();
        awaitStatus(id, "completed");
        JsonNode backreference = expect(400, get(BASE + "/" + id + "/output?filter="
                + URLEncoder.encode("(a)\\1", StandardCharsets.UTF_8)));
        assertTrue(backreference.get("error").asText().startsWith("parameter 'filter': "), backreference.toString());
        assertTrue(backreference.get("error").asText().contains("RE2 syntax"), backreference.toString());
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            OutputQueryResponse lookahead = assertInstanceOf(OutputQueryResponse.class, peer.call(new OutputQueryRequest(
                    "q-" + UUID.randomUUID(), UUID.fromString(id), ZmqOutputStream.BOTH, "a(?=b)", null, null)));
            assertFalse(lookahead.success());
            assertTrue(lookahead.error().startsWith("invalid filter regex: "), lookahead.error());
        }
    }

    private static long workspaces() throws Exception {
        if (!Files.isDirectory(Path.of(WORKSPACES))) {
            return 0;
        }
        try (Stream<Path> all = Files.list(Path.of(WORKSPACES))) {
            return all.count();
        }
    }

    private long outputEvents(String id) throws Exception {
        return TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'log_stream' AND agent_id = '"
                + id + "'");
    }

    private static String status(String id) throws Exception {
        return TestDatabase.queryString(DB, "SELECT status FROM agents WHERE id = '" + id + "'");
    }

    private static String statusByName(String name) throws Exception {
        return TestDatabase.queryLong(DB, "SELECT count(*) FROM agents WHERE name = '" + name + "'") == 1
                ? TestDatabase.queryString(DB, "SELECT status FROM agents WHERE name = '" + name + "'") : null;
    }

    private static void awaitStatus(String id, String wanted) throws Exception {
        Waits.await("agent " + id + " " + wanted).until(() -> wanted.equals(status(id)));
    }

    private String spawnBody(String name, String backend, String task) throws Exception {
        return json.createObjectNode().put("name", name).put("model_backend", backend).put("task", task).toString();
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String url, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Authorization", TestAuth.HEADER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) {
        return postAsync(url, body).join();
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String url) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Authorization", TestAuth.HEADER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) {
        return getAsync(url).join();
    }

    private JsonNode expect(int status, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
