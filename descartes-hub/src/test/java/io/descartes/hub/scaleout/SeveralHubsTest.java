package io.descartes.hub.scaleout;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubKeys;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.PubSubscription;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestStore;
import io.descartes.hub.testing.TextStreamClient;
import io.descartes.hub.testing.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hub JVMs on one PostgreSQL database act as one (README "Running several hubs"): each hub's WebSocket and PUB
 * clients get every hub's events in id order, a frame re-sent to the other hub is a duplicate, leases and runners are
 * the same from both, the singleton sweep moves to the surviving hub when its leader is killed, and the embedded agents
 * of a hub that dies are failed by the hubs that remain, those of a live one never.
 */
class SeveralHubsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** StoreLockClusterService.LOCK_SPACE: the first half of the singletons' advisory lock keys. */
    private static final int SINGLETON_LOCKS = 0x4445534D;

    private final List<AutoCloseable> started = new ArrayList<>();
    private String db;

    @BeforeEach
    void store() {
        assumeTrue(TestStore.postgres(), "several hubs share a PostgreSQL store; run with -Ddescartes.test.store=postgresql");
        db = TestStore.fresh("target/several-hubs-test.db");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void everyHubsClientsGetEveryHubsEventsInIdOrder() throws Exception {
        hub("a");
        hub("b");
        try (DescartesPeer toA = new DescartesPeer(runnerLink("a")); DescartesPeer toB = new DescartesPeer(runnerLink("b"));
             ZContext zmq = new ZContext()) {
            UUID early = UUID.randomUUID();
            assertInstanceOf(EventAck.class, toB.call(status(early, AgentStatus.RUNNING)));
            // one client resumes from the start, one follows live; a PUB subscriber on hub a
            TextStreamClient resuming = ws("a", "/ws/events?after=0");
            TextStreamClient live = ws("b", "/ws/events");
            ZMQ.Socket sub = HubKeys.authenticate(zmq.createSocket(SocketType.SUB));
            sub.subscribe(new byte[0]);
            sub.connect(TestPorts.tcp("SeveralHubsTest.a.pub"));
            PubSubscription.await(toA, sub, UUID.randomUUID());
            long liveFrom = lastEventId();

            UUID onA = UUID.randomUUID();
            UUID onB = UUID.randomUUID();
            int perHub = 300;
            for (int i = 0; i < perHub; i++) {
                toA.send(line(onA, i));
                toB.send(line(onB, i));
            }
            for (int i = 0; i < perHub; i++) {
                assertInstanceOf(EventAck.class, toA.receive());
                assertInstanceOf(EventAck.class, toB.receive());
            }
            // the last events come from hub b only: hub a has nothing of its own to send after them
            UUID last = UUID.randomUUID();
            long lastId = ((EventAck) toB.call(status(last, AgentStatus.COMPLETED))).eventId();

            List<Long> stored = ids("SELECT id FROM events ORDER BY id");
            Waits.await("hub a's resuming client to get event " + lastId).until(() -> ids(resuming).contains(lastId));
            assertEquals(stored, ids(resuming), "hub a's client: every event of both hubs, in id order, once");
            Waits.await("hub b's live client to get event " + lastId).until(() -> ids(live).contains(lastId));
            assertEquals(stored.stream().filter(id -> id > liveFrom).toList(),
                    ids(live).stream().filter(id -> id > liveFrom).toList(), "hub b's live client");

            List<Long> published = new ArrayList<>();
            while (!published.contains(lastId)) {
                byte[] topic = sub.recv();
                assertTrue(topic != null, "PUB on hub a stopped before event " + lastId + " after " + published.size());
                published.add(Long.parseLong(new String(sub.recv(), StandardCharsets.US_ASCII)));
            }
            assertEquals(ids("SELECT id FROM events WHERE event_type IN ('status_update', 'log_stream') AND id >= "
                    + published.get(0) + " ORDER BY id"), published, "hub a's PUB: every agent event of both hubs, in order");
        }
    }

    @Test
    void bothHubsServeTheSameState() throws Exception {
        hub("a");
        hub("b");
        UUID agent = UUID.randomUUID();
        StatusUpdate frame = status(agent, AgentStatus.RUNNING);
        try (DescartesPeer toA = new DescartesPeer(runnerLink("a")); DescartesPeer toB = new DescartesPeer(runnerLink("b"))) {
            EventAck first = (EventAck) toA.call(frame);
            EventAck again = (EventAck) toB.call(frame);
            assertEquals(false, first.duplicate());
            assertEquals(true, again.duplicate(), "the frame re-sent to hub b");
            assertEquals(first.eventId(), again.eventId());
        }
        HubHttp httpA = new HubHttp(TestPorts.port("SeveralHubsTest.a.http"));
        HubHttp httpB = new HubHttp(TestPorts.port("SeveralHubsTest.b.http"));
        assertEquals("running", httpB.send("GET", "/api/agents/" + agent, null).json().get("status").asText());

        JsonNode held = httpA.send("POST", "/api/leases", HubHttp.json(Map.of("resource", "r", "holder", "x",
                "ttl_ms", 60_000))).json();
        HubHttp.Reply taken = httpB.send("POST", "/api/leases", HubHttp.json(Map.of("resource", "r", "holder", "y",
                "ttl_ms", 60_000)));
        assertEquals(409, taken.status(), "hub b sees hub a's lease: " + taken.body());
        assertEquals(200, httpA.send("DELETE", "/api/leases/r?holder=x&token=" + held.get("token").asLong(), null)
                .status());
        JsonNode next = httpB.send("POST", "/api/leases", HubHttp.json(Map.of("resource", "r", "holder", "y",
                "ttl_ms", 60_000))).json();
        assertTrue(next.get("token").asLong() > held.get("token").asLong(), "fencing tokens grow across hubs: " + next);
    }

    @Test
    void aRunnerRegisteredThroughOneHubIsCommandedThroughTheOther() throws Exception {
        hub("a");
        hub("b");
        runner("far", "a");
        HubHttp httpB = new HubHttp(TestPorts.port("SeveralHubsTest.b.http"));
        HubHttp.Reply spawned = httpB.send("POST", "/api/agents", HubHttp.json(Map.of("name", "far-agent",
                "model_backend", "demo", "task", "steps=100000 step-ms=50", "metadata", Map.of("label.site", "far"))));
        assertEquals(201, spawned.status(), spawned.body());
        String id = spawned.json().get("agent_info").get("id").asText();
        assertEquals("far", httpB.send("GET", "/api/agents/" + id, null).json().get("runner_id").asText());
        HubHttp.Reply paused = httpB.send("POST", "/api/agents/" + id + "/control", "{\"command\": \"pause\"}");
        assertEquals(200, paused.status(), paused.body());
        assertEquals("paused", paused.json().get("status").asText());
    }

    @Test
    void theSweepMovesToTheOtherHubWhenItsLeaderIsKilled() throws Exception {
        HubProcess a = hub("a");
        Waits.await("hub a leading the runner sweep").until(() -> singletonLeaders("runner-liveness") == 1);
        hub("b");
        RunnerProcess far = runner("far", "b");
        HubHttp httpB = new HubHttp(TestPorts.port("SeveralHubsTest.b.http"));
        HubHttp.Reply spawned = httpB.send("POST", "/api/agents", HubHttp.json(Map.of("name", "far-agent",
                "model_backend", "demo", "task", "steps=100000 step-ms=50", "metadata", Map.of("label.site", "far"))));
        assertEquals(201, spawned.status(), spawned.body());
        String id = spawned.json().get("agent_info").get("id").asText();

        a.kill();
        far.kill();
        Waits.await("hub b's sweep marking the killed runner lost").until(() -> "lost".equals(
                string("SELECT status FROM runners WHERE id = 'far'")));
        Waits.await("its agent failed").until(() -> "failed".equals(httpB.send("GET", "/api/agents/" + id, null)
                .json().get("status").asText()));
        assertEquals(1, singletonLeaders("runner-liveness"), "one hub leads the sweep");
        assertEquals(List.of(1L), ids("SELECT count(*) FROM events WHERE agent_id = '" + id
                + "' AND event_type = 'status_update' AND content LIKE '%runner lost%'"), "the agent failed once");
    }

    @Test
    void theEmbeddedAgentsOfAHubThatDiesAreFailedByAnotherHubWithoutARestart() throws Exception {
        HubProcess a = hub("a");
        HubHttp httpA = new HubHttp(TestPorts.port("SeveralHubsTest.a.http"));
        HubHttp.Reply spawned = httpA.send("POST", "/api/agents", HubHttp.json(Map.of("name", "here",
                "model_backend", "demo", "task", "steps=100000 step-ms=50")));
        assertEquals(201, spawned.status(), spawned.body());
        String id = spawned.json().get("agent_info").get("id").asText();
        hub("b"); // its start-up recovery must see that hub a, which runs the agent, is alive
        HubHttp httpB = new HubHttp(TestPorts.port("SeveralHubsTest.b.http"));
        // the sweep runs on one of them while hub a lives, and leaves hub a's agent alone
        Waits.await("a hub sweeping for dead hubs' agents").until(() -> singletonLeaders("agent-registry-sweep") == 1);
        assertEquals("running", httpB.send("GET", "/api/agents/" + id, null).json().get("status").asText());

        a.kill(); // the agent ends with its hub, which records nothing more
        try (DescartesPeer toB = new DescartesPeer(runnerLink("b"))) {
            long afterKill = ((EventAck) toB.call(status(UUID.randomUUID(), AgentStatus.RUNNING))).eventId();
            Waits.await("the surviving hub failing the dead hub's agent, with no hub starting").until(() -> "failed".equals(
                    httpB.send("GET", "/api/agents/" + id, null).json().get("status").asText()));
            assertEquals("hub_lost", httpB.send("GET", "/api/agents/" + id, null).json().get("status_reason").asText());
            List<Long> failures = ids("SELECT id FROM events WHERE agent_id = '" + id + "' AND content LIKE '%hub_lost%'");
            assertEquals(1, failures.size(), "failed once: " + failures);
            assertTrue(failures.get(0) > afterKill, "only after its hub died");
        }
    }

    private HubProcess hub(String name) throws Exception {
        String p = "SeveralHubsTest." + name + ".";
        Map<String, String> properties = new HashMap<>(Map.of(
                "hub.http.port", String.valueOf(TestPorts.port(p + "http")),
                "hub.zmq.command.address", TestPorts.tcp(p + "command"),
                "hub.zmq.runner.address", TestPorts.tcp(p + "runner"),
                "hub.zmq.pub.address", TestPorts.tcp(p + "pub"),
                "hub.db.url", db,
                "hub.security.token", TestAuth.TOKEN,
                "camel.main.routes-reload-enabled", "false",
                "hub.agents.workspace-root", "target/several-hubs-test-" + name + "-workspaces",
                "hub.runner.lost-after-ms", "3000",
                "hub.scale-out.singleton-retry-ms", "300"));
        properties.put("hub.runner.sweep-ms", "300");
        properties.put("hub.presence.sweep-ms", "300");
        properties.put("hub.agents.process-records", "target/several-hubs-test-" + name + "-processes");
        HubProcess hub = HubProcess.start(properties, HubProcess.logFile("several-hubs-test-" + name));
        started.add(hub);
        return hub;
    }

    private RunnerProcess runner(String id, String hub) throws Exception {
        RunnerProcess runner = RunnerProcess.start(Map.of(
                "hub.runner.id", id,
                "hub.zmq.runner.address", runnerLink(hub),
                "hub.runner.command-address", TestPorts.tcp("SeveralHubsTest." + id + ".command"),
                "hub.runner.labels", "site=" + id,
                "hub.runner.heartbeat-ms", "300",
                "hub.agents.workspace-root", "target/several-hubs-test-" + id + "-workspaces",
                "hub.agents.process-records", "target/several-hubs-test-" + id + "-processes"),
                HubProcess.logFile("several-hubs-test-runner-" + id));
        started.add(runner);
        Waits.await("runner " + id + " live").until(() -> "live".equals(string("SELECT status FROM runners WHERE id = '"
                + id + "'")));
        return runner;
    }

    private TextStreamClient ws(String hub, String pathAndQuery) throws Exception {
        TextStreamClient client = TextStreamClient.connect(TestPorts.port("SeveralHubsTest." + hub + ".http"), true,
                pathAndQuery);
        started.add(client);
        return client;
    }

    private static String runnerLink(String hub) {
        return TestPorts.tcp("SeveralHubsTest." + hub + ".runner");
    }

    private static StatusUpdate status(UUID agent, AgentStatus status) {
        return new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, status, null, null, WireTime.now());
    }

    private static LogStream line(UUID agent, int i) {
        return new LogStream(agent, LogStreamType.STDOUT, ("line " + i).getBytes(StandardCharsets.UTF_8), WireTime.now(), i);
    }

    private static List<Long> ids(TextStreamClient client) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String message : client.messages()) {
            ids.add(JSON.readTree(message).get("id").asLong());
        }
        return ids;
    }

    private long lastEventId() throws SQLException {
        return ids("SELECT coalesce(max(id), 0) FROM events").get(0);
    }

    /** The hubs leading the singleton of this master: namespace. */
    private long singletonLeaders(String namespace) throws SQLException {
        return ids("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = "
                + SINGLETON_LOCKS + " AND objid = hashtext('" + namespace + "')::oid"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").get(0);
    }

    private List<Long> ids(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        }
    }

    private String string(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
