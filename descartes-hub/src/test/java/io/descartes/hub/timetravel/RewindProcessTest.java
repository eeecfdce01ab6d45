package io.descartes.hub.timetravel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rewinds of agents the embedded runner started as real processes, with the hub's own pause: the
 * registry says what the process is (none: terminated, status_reason rewound), undo and dry runs work,
 * and resuming a rewound agent whose process is gone starts its backend again in the restored
 * workspace, with the restored context, under the same id.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:RewindProcessTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:RewindProcessTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:RewindProcessTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:RewindProcessTest.runner}}",
                "hub.db.url={{test-db:" + RewindProcessTest.DB + "}}", "hub.agents.workspace-root=" + RewindProcessTest.WORKSPACES,
                "hub.snapshots.on-status=", "camel.main.routes-reload-enabled=false",
                // writes what it finds in its workspace and the context and id it was started with, then waits
                "hub.agents.backends.seer.argv=sh,-c,{ cat restored.txt; echo $DESCARTES_CONTEXT; echo $DESCARTES_AGENT_ID; } "
                        + "> seen.txt; exec sleep 600",
                "hub.agents.backends.seer.task-input=none",
                "hub.agents.backends.sleeper.argv=sleep,600", "hub.agents.backends.sleeper.task-input=none"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RewindProcessTest {

    static final String DB = "target/rewind-process-test.db";
    static final String WORKSPACES = "target/rewind-process-test-workspaces";

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("RewindProcessTest.http"));
    private final ObjectMapper mapper = new ObjectMapper();

    @BeanInject
    CamelContext context;

    @Test
    void aRewoundAgentWithoutProcessIsTerminatedAndResumingItRespawnsItInTheRestoredWorkspace() throws Exception {
        String id = spawn("seer", "the restored brief");
        Path ws = Path.of(WORKSPACES, id);
        Path seen = ws.resolve("seen.txt");
        Waits.await("the first run wrote seen.txt").until(() -> Files.exists(seen) && Files.readString(seen).endsWith(id
                + "\n"));
        Files.delete(seen);
        Files.writeString(ws.resolve("restored.txt"), "v1\n");
        JsonNode snapshot = call("POST", "/api/snapshots", "{\"agent_id\":\"" + id + "\"}", 200);
        Files.writeString(ws.resolve("restored.txt"), "v2\n");
        call("POST", "/api/agents/" + id + "/control", "{\"command\":\"kill\"}", 200);
        Waits.await("killed").until(() -> "terminated".equals(status(id)));
        String toSnapshot = "{\"agent_id\":\"" + id + "\",\"snapshot_id\":" + snapshot.get("id");

        // nothing to pause: "pause" is not needed; the history's "running" is not what the row says
        JsonNode rewind = call("POST", "/api/rewind", toSnapshot + ",\"pause\":true}", 200);
        assertEquals("running", rewind.at("/state/after/status").asText());
        assertEquals(mapper.readTree("{\"status\":\"terminated\",\"status_reason\":\"rewound\"}"), rewind.get("registry"));
        assertEquals("terminated", status(id));
        JsonNode metadata = metadata(id);
        assertEquals("rewound", metadata.path("status_reason").asText());
        for (String kept : new String[] {"backend", "task", "workspace", "pid", "exit_code"}) {
            assertTrue(metadata.has(kept), "the row keeps " + kept + ": " + metadata);
        }
        assertEquals("the restored brief", metadata.at("/rewound_to/context").asText());
        assertEquals("v1\n", Files.readString(ws.resolve("restored.txt")));

        JsonNode undo = call("POST", "/api/rewind", "{\"agent_id\":\"" + id + "\",\"backup_ref\":\""
                + rewind.at("/backup/ref").asText() + "\"}", 200);
        assertEquals("v2\n", Files.readString(ws.resolve("restored.txt")), "undo works on an agent with no process");
        assertEquals("terminated", status(id));
        assertEquals("rewound", metadata(id).path("status_reason").asText());
        assertEquals("terminated", undo.at("/registry/status").asText());
        call("POST", "/api/rewind", toSnapshot + ",\"pause\":true}", 200); // again: still nothing to pause
        long rewound = TestDatabase.queryLong(DB, "SELECT max(id) FROM events WHERE agent_id = '" + id + "'");

        JsonNode resumed = call("POST", "/api/agents/" + id + "/control", "{\"command\":\"resume\"}", 200);
        assertTrue(resumed.toString().contains("\"respawned\":true"), resumed.toString());
        Waits.await("the respawned process wrote seen.txt").until(() -> Files.exists(seen)
                && Files.readString(seen).endsWith(id + "\n"));
        assertEquals("v1\nthe restored brief\n" + id + "\n", Files.readString(seen),
                "it runs in the restored workspace, with the restored context, under the same id");
        assertEquals("running", status(id));
        JsonNode respawned = metadata(id);
        assertFalse(respawned.has("status_reason"), "a respawn clears the reason: " + respawned);
        assertTrue(ProcessHandle.of(respawned.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("running", TestDatabase.queryString(DB, "SELECT json_extract(content, '$.status') FROM events WHERE "
                + "agent_id = '" + id + "' AND event_type = 'status_update' AND id > " + rewound + " ORDER BY id LIMIT 1"));
        call("POST", "/api/agents/" + id + "/control", "{\"command\":\"kill\"}", 200);
    }

    @Test
    void aDryRunWorksOnARunningAgentAndARealRewindPausesItsProcess() throws Exception {
        String id = spawn("sleeper", null);
        Waits.await("running").until(() -> "running".equals(status(id)));
        long pid = metadata(id).get("pid").asLong();
        Path ws = Path.of(WORKSPACES, id);
        JsonNode snapshot = call("POST", "/api/snapshots", "{\"agent_id\":\"" + id + "\"}", 200);
        Files.writeString(ws.resolve("late.txt"), "after the snapshot");
        String toSnapshot = "{\"agent_id\":\"" + id + "\",\"snapshot_id\":" + snapshot.get("id");
        Map<String, String> tree = WorkspaceState.tree(ws);
        Map<String, String> refs = WorkspaceState.refs(ws);
        long events = TestDatabase.queryLong(DB, "SELECT count(*) FROM events");

        JsonNode dry = call("POST", "/api/rewind", toSnapshot + ",\"dry_run\":true}", 200);
        assertEquals(mapper.readTree("[\"late.txt\"]"), dry.at("/files/deleted"));
        assertEquals(mapper.readTree("{\"status\":\"running\",\"status_reason\":null}"), dry.get("registry"));
        assertEquals(tree, WorkspaceState.tree(ws), "a dry run changes no file");
        assertEquals(refs, WorkspaceState.refs(ws), "nor a ref");
        assertEquals(events, TestDatabase.queryLong(DB, "SELECT count(*) FROM events"), "nor records anything");
        assertEquals("running", status(id));

        call("POST", "/api/rewind", toSnapshot + "}", 409);
        JsonNode rewind = call("POST", "/api/rewind", toSnapshot + ",\"pause\":true}", 200);
        assertEquals("paused", status(id), "the process is paused, and the row says so");
        assertEquals("paused", rewind.at("/registry/status").asText());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "its process lives on");
        assertFalse(Files.exists(ws.resolve("late.txt")));
        call("POST", "/api/rewind", "{\"agent_id\":\"" + id + "\",\"backup_ref\":\"" + rewind.at("/backup/ref").asText()
                + "\"}", 200);
        assertTrue(Files.exists(ws.resolve("late.txt")), "undo works on the paused agent");
        call("POST", "/api/agents/" + id + "/control", "{\"command\":\"kill\"}", 200);
    }

    /** An agent reported running by a runner the hub does not control: pausing it for a rewind is a clear 409. */
    @Test
    void pauseForARewindOfAnAgentWithNoProcessHereIsAClearConflict() throws Exception {
        UUID agent = UUID.randomUUID();
        context.createProducerTemplate().requestBodyAndHeader("direct:workspace-init", null,
                DescartesHeaders.AGENT_ID, agent.toString());
        try (DescartesPeer runner = new DescartesPeer(TestPorts.tcp("RewindProcessTest.runner"))) {
            assertTrue(runner.call(new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING, null,
                    null, WireTime.now())) instanceof EventAck);
        }
        JsonNode snapshot = call("POST", "/api/snapshots", "{\"agent_id\":\"" + agent + "\"}", 200);
        JsonNode refused = call("POST", "/api/rewind", "{\"agent_id\":\"" + agent + "\",\"snapshot_id\":"
                + snapshot.get("id") + ",\"pause\":true}", 409);
        assertTrue(refused.get("error").asText().contains("Agent not found"), refused.toString());
        assertEquals("running", status(agent.toString()));
    }

    private String spawn(String backend, String context) throws Exception {
        String body = "{\"name\":\"" + backend + "\",\"model_backend\":\"" + backend + "\",\"task\":\"work\""
                + (context == null ? "" : ",\"context\":\"" + context + "\"") + "}";
        HubHttp.Reply spawned = http.send("POST", "/api/agents", body);
        assertEquals(201, spawned.status(), spawned.body());
        return spawned.json().get("agent_info").get("id").asText();
    }

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        HubHttp.Reply reply = http.send(method, path, body);
        assertEquals(expected, reply.status(), method + " " + path + " " + body + " -> " + reply.body());
        return reply.json();
    }

    private static String status(String agent) throws Exception {
        return TestDatabase.queryString(DB, "SELECT status FROM agents WHERE id = '" + agent + "'");
    }

    private JsonNode metadata(String agent) throws Exception {
        return mapper.readTree(TestDatabase.queryString(DB, "SELECT metadata FROM agents WHERE id = '" + agent + "'"));
    }
}
