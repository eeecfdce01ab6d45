package io.descartes.hub.agents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.BatchControlCommand;
import io.descartes.hub.protocol.BatchControlResponse;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.CustomActionRequest;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.ListAgentsResponse;
import io.descartes.hub.protocol.OutputQueryRequest;
import io.descartes.hub.protocol.OutputQueryResponse;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.protocol.ZmqOutputStream;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.LibzmqPeer;
import io.descartes.hub.testing.StepThreads;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TextStreamClient;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real agent processes spawned and controlled over the ZMQ command endpoint. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:AgentsZmqTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:AgentsZmqTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:AgentsZmqTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:AgentsZmqTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + AgentsZmqTest.DB,
                "hub.agents.workspace-root=target/agents-zmq-test-workspaces",
                "hub.agents.stop-grace-ms=3000",
                "hub.agents.max-agents=300",
                "camel.main.routes-include-pattern=file:routes/*.camel.yaml,classpath:test-routes/custom-actions.camel.yaml",
                "camel.main.routes-reload-enabled=false", TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentsZmqTest {

    static final String DB = "target/agents-zmq-test.db";
    private static final String COMMANDS = TestPorts.tcp("AgentsZmqTest.command");
    /** Long enough to be paused, stopped or killed while it runs; the test ends it. */
    private static final String LONG_TASK = "steps=2000 step-ms=50";

    static {
        TestDatabase.reset(DB);
    }

    @BeanInject
    CamelContext context;

    private final StepThreads steps = new StepThreads("frameRecorder");

    @Configure
    protected void watchSteps(MainConfigurationProperties configuration) {
        steps.install(configuration);
    }

    @Test
    void aSpawnedDemoAgentStreamsItsOutputWorksInItsWorkspaceAndCompletes() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, peer.call(new SpawnRequest("spawn-1",
                    AgentConfig.of("worker", "demo", "steps=4 step-ms=20 write docs"), null, null)));
            assertTrue(spawned.success(), spawned.error());
            AgentInfo info = spawned.agentInfo();
            assertEquals("worker", info.name());
            assertEquals(AgentStatus.RUNNING, info.status());
            assertEquals("demo", info.modelBackend());
            assertEquals("steps=4 step-ms=20 write docs", info.task());
            String id = info.id().toString();

            awaitStatus(id, "completed");
            assertEquals("worker", TestDatabase.queryString(DB, "SELECT name FROM agents WHERE id = '" + id + "'"));
            assertEquals("demo", TestDatabase.queryString(DB,
                    "SELECT json_extract(metadata, '$.backend') FROM agents WHERE id = '" + id + "'"));
            assertTrue(count("event_type = 'log_stream' AND agent_id = '" + id
                    + "' AND json_extract(content, '$.stream_type') = 'stdout'") >= 6, "stdout chunks recorded");
            assertEquals(1, count("event_type = 'log_stream' AND agent_id = '" + id
                    + "' AND json_extract(content, '$.stream_type') = 'stderr'"));
            assertEquals(1, count("event_type = 'status_update' AND agent_id = '" + id
                    + "' AND json_extract(content, '$.status') = 'completed' AND json_extract(content, '$.data.exit_code') = 0"));
            assertEquals(1, count("event_type = 'spawn_response' AND agent_id = '" + id + "'"));

            Path workspace = Path.of(TestDatabase.queryString(DB,
                    "SELECT json_extract(metadata, '$.workspace') FROM agents WHERE id = '" + id + "'"));
            assertEquals(Path.of("target/agents-zmq-test-workspaces", id).toAbsolutePath(), workspace);
            assertEquals("done: steps=4 step-ms=20 write docs\n", Files.readString(workspace.resolve("result.txt")));
            assertEquals("4/4\n", Files.readString(workspace.resolve("progress.txt")));
            assertFalse(Files.exists(workspace.resolve("step-1.txt")), "older step files are deleted");
            assertTrue(Files.exists(workspace.resolve("step-4.txt")));
        }
    }

    @Test
    void pauseStopsTheProcessResumeContinuesItAndStopTerminatesIt() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID id = spawn(peer, "demo", LONG_TASK);
            JsonNode status = control(peer, id, ControlCommandType.GET_STATUS, null).data();
            long pid = status.get("pid").asLong();
            assertTrue(status.at("/agent_info/started_at/secs_since_epoch").canConvertToLong(),
                    "on the wire agent_info is serde's JSON of AgentInfo, not the JSON view: " + status);

            CommandResponse paused = control(peer, id, ControlCommandType.PAUSE, null);
            assertTrue(paused.success(), paused.error());
            assertEquals(AgentStatus.PAUSED, paused.status());
            assertEquals("cooperative", paused.data().get("mode").asText());
            Waits.await("process state T").until(() -> ProcessState.of(pid) == 'T');
            awaitStatus(id.toString(), "paused");

            CommandResponse again = control(peer, id, ControlCommandType.PAUSE, json("{\"force\": true}"));
            assertFalse(again.success());
            assertEquals(AgentStatus.PAUSED, again.status());
            assertTrue(again.error().contains("it is paused"), again.error());

            CommandResponse resumed = control(peer, id, ControlCommandType.RESUME, null);
            assertTrue(resumed.success(), resumed.error());
            assertEquals(AgentStatus.RUNNING, resumed.status());
            Waits.await("the process runs again").until(() -> ProcessState.of(pid) != 'T');
            assertFalse(control(peer, id, ControlCommandType.RESUME, null).success(), "resume a running agent");
            // each status change was committed with its command's response, not recorded (and committed) on its own
            assertEquals(0, steps.runs("frameRecorder", b -> b instanceof StatusUpdate s && s.agentId().equals(id)));
            for (CommandResponse r : List.of(paused, resumed)) {
                long response = eventId(id, "command_response", "$.request_id", r.requestId());
                assertEquals(response - 1, eventId(id, "status_update", "$.status", r.status().wire()),
                        "the status change right before its response: " + r.status());
            }

            CommandResponse stopped = control(peer, id, ControlCommandType.STOP, null);
            assertTrue(stopped.success(), stopped.error());
            assertEquals(AgentStatus.TERMINATED, stopped.status());
            assertNull(stopped.data());
            awaitStatus(id.toString(), "terminated");
            assertEquals(2, count("event_type = 'status_update' AND agent_id = '" + id
                    + "' AND json_extract(content, '$.update_type') = 'status_changed'"), "paused, then running");

            CommandResponse late = control(peer, id, ControlCommandType.PAUSE, null);
            assertFalse(late.success(), "pause a terminated agent");
            assertEquals(AgentStatus.TERMINATED, late.status());
        }
    }

    @Test
    void aQueryAnsweredBeforeItsRequestIsRecordedStillStoresAndBroadcastsBothInOrder() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS);
             TextStreamClient ws = TextStreamClient.connect(TestPorts.port("AgentsZmqTest.http"))) {
            UUID id = spawn(peer, "demo", LONG_TASK);
            String request = "query-" + UUID.randomUUID();
            CommandResponse status = assertInstanceOf(CommandResponse.class,
                    peer.call(new ControlCommand(request, id, ControlCommandType.GET_STATUS, null)));
            assertEquals(AgentStatus.RUNNING, status.status());
            assertEquals(1, count("event_type = 'control_command' AND json_extract(content, '$.request_id') = '" + request
                    + "'"));
            assertEquals(1, count("event_type = 'command_response' AND json_extract(content, '$.request_id') = '" + request
                    + "'"));
            Waits.await("the request and its response on /ws/events")
                    .until(() -> ws.messages().stream().filter(m -> m.contains(request)).count() >= 2);
            List<String> about = ws.messages().stream().filter(m -> m.contains(request)).toList();
            assertEquals(2, about.size(), "the request and its response, each once: " + about);
            assertTrue(about.get(0).contains("control_command") && about.get(1).contains("command_response"), about.toString());
            // the response's row was made with the request's: the exchange is not recorded a second time
            assertEquals(1, steps.runs("frameRecorder", b -> b instanceof ZmqMessage m && request.equals(m.requestId())));
            control(peer, id, ControlCommandType.KILL, null);
        }
    }

    @Test
    void killEndsAPausedAgentAndAFailingAgentKeepsItsExitCode() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID killed = spawn(peer, "demo", LONG_TASK);
            assertTrue(control(peer, killed, ControlCommandType.PAUSE, json("{\"force\": true}")).success());
            CommandResponse kill = control(peer, killed, ControlCommandType.KILL, null);
            assertTrue(kill.success(), kill.error());
            assertEquals(AgentStatus.TERMINATED, kill.status());
            assertEquals(137, control(peer, killed, ControlCommandType.GET_STATUS, null).data().get("exit_code").asInt());

            awaitStatus(killed.toString(), "terminated");
            assertEquals(137, TestDatabase.queryLong(DB,
                    "SELECT json_extract(metadata, '$.exit_code') FROM agents WHERE id = '" + killed + "'"));

            UUID failing = spawn(peer, "demo", "steps=1 step-ms=1 exit=3");
            awaitStatus(failing.toString(), "failed");
            assertEquals(3, TestDatabase.queryLong(DB,
                    "SELECT json_extract(metadata, '$.exit_code') FROM agents WHERE id = '" + failing + "'"));
            assertEquals(1, count("event_type = 'status_update' AND agent_id = '" + failing
                    + "' AND json_extract(content, '$.data.exit_code') = 3"));
        }
    }

    @Test
    void outputQueriesReturnTheRightSlicesOfStdoutAndStderr() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID id = spawn(peer, "demo", "steps=6 step-ms=1 out");
            awaitStatus(id.toString(), "completed");

            // stdout: "demo agent starting", steps 1..6, "demo agent done": 8 lines
            OutputQueryResponse page = query(peer, id, ZmqOutputStream.STDOUT, null, 2L, 1L);
            assertEquals(List.of("step 1/6: working on steps=6 step-ms=1 out", "step 2/6: working on steps=6 step-ms=1 out"),
                    page.lines());
            assertEquals(8L, page.totalLines());
            assertTrue(page.hasMore());
            OutputQueryResponse last = query(peer, id, ZmqOutputStream.STDOUT, null, 10L, 6L);
            assertEquals(List.of("step 6/6: working on steps=6 step-ms=1 out", "demo agent done, exit code 0"), last.lines());
            assertFalse(last.hasMore());

            assertEquals(List.of("note: step 3 is a multiple of 3", "note: step 6 is a multiple of 3"),
                    query(peer, id, ZmqOutputStream.STDERR, null, null, null).lines());
            OutputQueryResponse filtered = query(peer, id, ZmqOutputStream.BOTH, "step [36]", null, null);
            assertEquals(4L, filtered.totalLines(), filtered.lines().toString());

            OutputQueryResponse bad = query(peer, id, ZmqOutputStream.BOTH, "([", null, null);
            assertFalse(bad.success());
            assertTrue(bad.error().startsWith("invalid filter regex"), bad.error());

            JsonNode tail = control(peer, id, ControlCommandType.QUERY_OUTPUT, json("{\"max_lines\": 1}")).data();
            assertEquals("demo agent done, exit code 0", tail.get("stdout").get(0).asText());
            assertEquals(1, tail.get("stderr_lines").asInt());
        }
    }

    @Test
    void stdinReachesTheProcessAndReadStdoutReturnsEachLineOnce() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID id = spawn(peer, "demo", LONG_TASK);
            CommandResponse written = control(peer, id, ControlCommandType.WRITE_STDIN, json("{\"data\": \"hello\\n\"}"));
            assertEquals(6, written.data().get("bytes_written").asInt());
            Waits.await("the echo of stdin")
                    .until(() -> query(peer, id, ZmqOutputStream.STDOUT, "^stdin: hello$", null, null)
                            .totalLines() == 1);
            String first = control(peer, id, ControlCommandType.READ_STDOUT, null).data().get("data").asText();
            assertTrue(first.contains("stdin: hello\n"), first);
            assertFalse(control(peer, id, ControlCommandType.WRITE_STDIN, json("{}")).success());
            control(peer, id, ControlCommandType.KILL, null);
        }
    }

    @Test
    void batchControlGivesPerAgentResultsAndHonoursFailFast() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID a = spawn(peer, "demo", LONG_TASK);
            UUID b = spawn(peer, "demo", LONG_TASK);
            UUID c = spawn(peer, "demo", LONG_TASK);
            UUID unknown = UUID.randomUUID();

            BatchControlResponse failFast = batch(peer, List.of(a, unknown, b), ControlCommandType.PAUSE, true);
            assertFalse(failFast.success());
            assertEquals(1, failFast.successful());
            assertEquals(2, failFast.failed());
            assertEquals(AgentStatus.PAUSED, failFast.results().get(0).status());
            assertEquals("Agent not found: " + unknown, failFast.results().get(1).error());
            assertTrue(failFast.results().get(2).error().startsWith("skipped"), failFast.results().get(2).error());
            assertEquals(AgentStatus.RUNNING, control(peer, b, ControlCommandType.GET_STATUS, null).status(),
                    "fail_fast left b alone");

            BatchControlResponse all = batch(peer, List.of(b, unknown, c), ControlCommandType.PAUSE, false);
            assertEquals(2, all.successful());
            assertEquals(1, all.failed());

            BatchControlResponse killed = batch(peer, List.of(a, b, c), ControlCommandType.KILL, false);
            assertTrue(killed.success());
            killed.results().forEach(r -> assertEquals(AgentStatus.TERMINATED, r.status()));
            assertEquals(1, count("event_type = 'batch_control_response' AND json_extract(content, '$.request_id') = '"
                    + killed.requestId() + "'"));
        }
    }

    @Test
    void customActionsComeFromBuiltInsAndFromRoutes() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID id = spawn(peer, "echo", "hi");
            JsonNode echo = control(peer, id, ControlCommandType.CUSTOM_ACTION,
                    json("{\"action\": \"echo\", \"params\": {\"x\": 1}}")).data();
            assertEquals(json("{\"action\": \"echo\", \"result\": {\"x\": 1}}"), echo);
            assertEquals("pong", control(peer, id, ControlCommandType.CUSTOM_ACTION, json("{\"action\": \"ping\"}"))
                    .data().get("result").asText());

            CommandResponse shout = assertInstanceOf(CommandResponse.class,
                    peer.call(new CustomActionRequest("ca-1", id, "shout", json("{\"text\": \"hey\"}"), null)));
            assertTrue(shout.success(), shout.error());
            assertEquals("shout for " + id + ": {\"text\":\"hey\"}", shout.data().get("result").asText());

            CommandResponse unknown = control(peer, id, ControlCommandType.CUSTOM_ACTION, json("{\"action\": \"nope\"}"));
            assertFalse(unknown.success());
            assertEquals("Unknown custom action 'nope'. Available actions: echo, ping, get_env, describe, lease_acquire, lease_list, lease_release, lease_renew, shout",
                    unknown.error());
        }
    }

    @Test
    void theBuiltInsAnswerInUpstreamsShape() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID id = spawn(peer, "demo", LONG_TASK);
            JsonNode ping = control(peer, id, ControlCommandType.CUSTOM_ACTION, json("{\"action\": \"ping\"}")).data();
            assertEquals(json("{\"action\": \"ping\", \"agent_id\": \"" + id + "\", \"result\": \"pong\"}"), ping);
            JsonNode env = control(peer, id, ControlCommandType.CUSTOM_ACTION, json("{\"action\": \"get_env\"}"))
                    .data().get("result");
            assertEquals(id.toString(), env.get("agent_id").asText());
            assertEquals("t", env.get("name").asText());
            assertEquals("running", env.get("status").asText());
            assertTrue(env.get("last_status_update_secs").isIntegralNumber(), env.toString());
            control(peer, id, ControlCommandType.KILL, null);
        }
    }

    @Test
    void aCustomActionRouteAddedAtRuntimeIsServedAtOnceAndNoLongerOnceRemoved() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID id = spawn(peer, "echo", "hi");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:custom-action-late").routeId("test-late").setBody(simple("late ${body}"));
                }
            });
            CommandResponse late = control(peer, id, ControlCommandType.CUSTOM_ACTION,
                    json("{\"action\": \"late\", \"params\": [1]}"));
            assertTrue(late.success(), late.error());
            assertEquals("late [1]", late.data().get("result").asText());

            context.getRouteController().stopRoute("test-late");
            context.removeRoute("test-late");
            CommandResponse gone = control(peer, id, ControlCommandType.CUSTOM_ACTION, json("{\"action\": \"late\"}"));
            assertFalse(gone.success());
            assertTrue(gone.error().startsWith("Unknown custom action 'late'. Available actions: echo, ping, get_env, "),
                    gone.error());
            assertFalse(gone.error().contains("late,"), gone.error());
        }
    }

    @Test
    void hubInternalCallersControlAgentsThroughTheSameRoutes() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID id = spawn(peer, "demo", LONG_TASK);
            CommandResponse paused = context.createProducerTemplate().requestBody("direct:agent-command",
                    new ControlCommand("internal-pause", id, ControlCommandType.PAUSE, null), CommandResponse.class);
            assertTrue(paused.success(), paused.error());
            assertEquals(AgentStatus.PAUSED, control(peer, id, ControlCommandType.GET_STATUS, null).status());
            assertEquals(1, count("event_type = 'command_response' AND json_extract(content, '$.request_id') = 'internal-pause'"));
            control(peer, id, ControlCommandType.KILL, null);
        }
    }

    @Test
    void unknownAgentsAndBackendsGetTheirOwnResponseTypeWithTheReason() {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            UUID nobody = UUID.randomUUID();
            CommandResponse missing = control(peer, nobody, ControlCommandType.PAUSE, null);
            assertFalse(missing.success());
            assertNull(missing.status());
            assertEquals("Agent not found: " + nobody, missing.error());

            SpawnResponse bad = assertInstanceOf(SpawnResponse.class,
                    peer.call(new SpawnRequest("bad-1", AgentConfig.of("x", "no-such-backend", "t"), null, null)));
            assertFalse(bad.success());
            assertTrue(bad.error().contains("unknown model_backend 'no-such-backend' (available: bus-lead, bus-worker, demo, echo)"), bad.error());
        }
    }

    @Test
    void aHundredConcurrentSpawnsAllRunThenFinishAndTheHealthCountFollows() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) { // pipelined on one DEALER: the hub serves them concurrently
                peer.send(new SpawnRequest("many-" + i, AgentConfig.of("many-" + i, "echo", "task " + i), null, null));
            }
            Set<String> answered = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                SpawnResponse r = assertInstanceOf(SpawnResponse.class, peer.receive());
                assertTrue(r.success(), r.error());
                assertEquals(AgentStatus.RUNNING, r.agentInfo().status());
                answered.add(r.requestId());
                ids.add(r.agentInfo().id().toString());
            }
            assertEquals(100, answered.size());
            String inList = "('" + String.join("','", ids) + "')";
            Waits.await("100 completed agents").until(() -> TestDatabase.queryLong(DB,
                    "SELECT count(*) FROM agents WHERE status = 'completed' AND id IN " + inList) == 100);
            assertEquals(100, count("event_type = 'log_stream' AND agent_id IN " + inList));

            ListAgentsResponse listed = assertInstanceOf(ListAgentsResponse.class,
                    peer.call(new ListAgentsRequest("list-many", AgentStatus.COMPLETED, 5L)));
            assertEquals(5, listed.agents().size());
            long active = TestDatabase.queryLong(DB, "SELECT count(*) FROM agents WHERE status IN ('running', 'paused')");
            HealthCheckResponse health = assertInstanceOf(HealthCheckResponse.class,
                    peer.call(new HealthCheckRequest("health-many")));
            assertEquals(active, health.activeAgents());
        }
    }

    @Test
    void aLibzmqClientSpawnsAndControlsAnAgentWithUpstreamsEncoding() throws Exception {
        LibzmqPeer.assumeAvailable();
        List<JsonNode> steps = LibzmqPeer.runScript("/peers/libzmq_agent_peer.py", COMMANDS);
        JsonNode spawned = steps.get(0).get("value");
        assertEquals("spawn_response", spawned.get(0).asText());
        assertTrue(spawned.get(2).asBoolean(), spawned.toString());
        assertEquals("running", spawned.get(3).get(2).asText());
        assertEquals(List.of("paused", "running", "running", "terminated"),
                steps.subList(1, 5).stream().map(s -> s.get("value").get(4).asText()).toList());
        assertEquals("running", steps.get(3).get("value").get(5).get("status").asText(), "get_status data");
    }

    private static UUID spawn(DescartesPeer peer, String backend, String task) {
        SpawnResponse r = assertInstanceOf(SpawnResponse.class,
                peer.call(new SpawnRequest("s-" + UUID.randomUUID(), AgentConfig.of("t", backend, task), null, null)));
        assertTrue(r.success(), r.error());
        return r.agentInfo().id();
    }

    private static CommandResponse control(DescartesPeer peer, UUID id, ControlCommandType type, JsonNode payload) {
        return assertInstanceOf(CommandResponse.class,
                peer.call(new ControlCommand("c-" + UUID.randomUUID(), id, type, payload)));
    }

    private static OutputQueryResponse query(DescartesPeer peer, UUID id, ZmqOutputStream stream, String filter,
                                             Long limit, Long offset) {
        return assertInstanceOf(OutputQueryResponse.class,
                peer.call(new OutputQueryRequest("q-" + UUID.randomUUID(), id, stream, filter, limit, offset)));
    }

    private static BatchControlResponse batch(DescartesPeer peer, List<UUID> ids, ControlCommandType type,
                                              boolean failFast) {
        return assertInstanceOf(BatchControlResponse.class,
                peer.call(new BatchControlCommand("b-" + UUID.randomUUID(), ids, type, null, failFast)));
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static long eventId(UUID agent, String type, String path, String value) throws Exception {
        return TestDatabase.queryLong(DB, "SELECT max(id) FROM events WHERE agent_id = '" + agent + "' AND event_type = '"
                + type + "' AND json_extract(content, '" + path + "') = '" + value + "'");
    }

    private static long count(String where) throws Exception {
        return TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE " + where);
    }

    private static void awaitStatus(String id, String status) throws Exception {
        Waits.await("agent " + id + " " + status).until(() -> status.equals(TestDatabase.queryLong(DB,
                "SELECT count(*) FROM agents WHERE id = '" + id + "'") == 1
                ? TestDatabase.queryString(DB, "SELECT status FROM agents WHERE id = '" + id + "'") : null));
    }
}
