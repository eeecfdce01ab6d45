package io.descartes.hub.timetravel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestStore;
import io.descartes.hub.testing.Waits;
import org.junit.jupiter.api.Test;

/**
 * Time travel of an agent that runs on a remote runner (its own JVM), whose workspace is on the runner's disk: the
 * snapshot its status change triggers, a dry run, a rewind that puts its files back byte for byte there, the undo,
 * the same after a hub restart (a real hub JVM, SIGKILLed), and a resume that respawns it on the runner in the
 * restored workspace. A workspace another git process holds, and a runner that is gone, are clear refusals that
 * record nothing.
 */
class RemoteTimeTravelTest {

    private static final String DB = "target/remote-time-travel-test.db";
    private static final String RUNNER_WORKSPACES = "target/remote-time-travel-test-runner-workspaces";
    private static final String RUNNER_LINK = TestPorts.tcp("RemoteTimeTravelTest.runner");
    /** What the agent writes: not text, so that only an exact restore matches. */
    private static final byte[] DATA = {'v', '1', 0, (byte) 0xff, '\r', '\n'};
    private static final Map<String, String> HUB = Map.of(
            "hub.http.port", String.valueOf(TestPorts.port("RemoteTimeTravelTest.http")),
            "hub.zmq.command.address", TestPorts.tcp("RemoteTimeTravelTest.command"),
            "hub.zmq.pub.address", TestPorts.tcp("RemoteTimeTravelTest.pub"),
            "hub.zmq.runner.address", RUNNER_LINK,
            "hub.db.url", TestStore.url(DB),
            "hub.agents.workspace-root", "target/remote-time-travel-test-hub-workspaces",
            // every agent runs on the runner
            "hub.agents.embedded.enabled", "false",
            "hub.runner.lost-after-ms", "2000",
            "hub.runner.sweep-ms", "200",
            "hub.security.token", TestAuth.TOKEN);

    private final HubHttp http = new HubHttp(TestPorts.port("RemoteTimeTravelTest.http"));
    private final ObjectMapper mapper = new ObjectMapper();

    static {
        TestDatabase.reset(DB);
    }

    private static RunnerProcess startRunner() throws Exception {
        Map<String, String> runner = new HashMap<>(Map.of(
                "hub.runner.id", "runner-tt",
                "hub.zmq.runner.address", RUNNER_LINK,
                "hub.runner.command-address", TestPorts.tcp("RemoteTimeTravelTest.runner-command"),
                "hub.runner.heartbeat-ms", "300",
                "hub.runner.reconnect-max-ms", "1000",
                "hub.agents.workspace-root", RUNNER_WORKSPACES,
                "hub.agents.backends.echo.task-input", "none"));
        // the echo backend redefined (only the backend keys of application.properties can be overridden): writes its
        // files (one of them binary) and a line per run with the context it was started with, then waits
        runner.put("hub.agents.backends.echo.argv", "sh,-c,printf 'v1\\000\\377\\r\\n' > data.bin; mkdir -p notes; "
                + "echo first > notes/a.txt; echo \"$DESCARTES_CONTEXT\" >> runs.txt; exec sleep 600");
        return RunnerProcess.start(runner, HubProcess.logFile("remote-time-travel-test-runner"));
    }

    @Test
    void snapshotsAndRewindsOfARemoteAgentAreDoneOnItsRunnerAndRecordedByTheHub() throws Exception {
        try (HubProcess first = HubProcess.start(HUB, HubProcess.logFile("remote-time-travel-test-hub-1"));
             RunnerProcess runner = startRunner()) {
            Waits.await("runner-tt live").until(() -> "live".equals(runnerStatus()));
            String id = call("POST", "/api/agents", "{\"name\":\"scribe\",\"model_backend\":\"echo\","
                    + "\"task\":\"write\",\"context\":\"the brief\"}", 201).at("/agent_info/id").asText();
            assertEquals("runner-tt", query("SELECT runner_id FROM runner_agents WHERE agent_id = '" + id + "'"));
            Path ws = Path.of(RUNNER_WORKSPACES, id);

            Waits.await("the agent wrote its files").until(() -> Files.exists(ws.resolve("runs.txt"))
                    && "running".equals(agentStatus(id)));
            // paused (a status change), it is snapshotted: the runner committed the files it wrote
            call("POST", "/api/agents/" + id + "/control", "{\"command\":\"pause\"}", 200);
            Waits.await("the snapshot of its pause").until(() -> count("SELECT count(*) FROM snapshots WHERE "
                    + "agent_id = '" + id + "'") == 1);
            JsonNode snapshot = call("GET", "/api/snapshots?agent_id=" + id, null, 200).at("/snapshots/0");
            assertEquals("status", snapshot.at("/metadata/trigger").asText(), snapshot.toString());
            assertArrayEquals(DATA, Files.readAllBytes(ws.resolve("data.bin")));
            Map<String, String> completed = WorkspaceState.tree(ws);
            assertEquals(snapshot.get("git_commit").asText(), WorkspaceState.refs(ws).get("refs/heads/main"),
                    "the snapshot is a commit of the runner's workspace");

            // later work, by another process on the runner's disk
            try (AgentProcess later = new AgentProcess(ws)) {
                later.write("data.bin", "v2");
                later.delete("notes/a.txt");
                later.write("extra.txt", "added later");
            }
            Map<String, String> worked = WorkspaceState.tree(ws);
            Map<String, String> refs = WorkspaceState.refs(ws);
            long events = count("SELECT count(*) FROM events");
            String toSnapshot = "{\"agent_id\":\"" + id + "\",\"snapshot_id\":" + snapshot.get("id");

            JsonNode dry = call("POST", "/api/rewind", toSnapshot + ",\"dry_run\":true}", 200);
            assertEquals(mapper.readTree("{\"added\":[\"notes/a.txt\"],\"modified\":[\"data.bin\"],"
                    + "\"deleted\":[\"extra.txt\"]}"), dry.get("files"));
            assertEquals(worked, WorkspaceState.tree(ws), "a dry run changes no file");
            assertEquals(refs, WorkspaceState.refs(ws), "nor a ref");
            assertEquals(events, count("SELECT count(*) FROM events"), "nor records anything");

            JsonNode rewind = call("POST", "/api/rewind", toSnapshot + "}", 200);
            assertEquals(completed, WorkspaceState.tree(ws), "the runner's workspace is the snapshot's, byte for byte");
            assertArrayEquals(DATA, Files.readAllBytes(ws.resolve("data.bin")));
            assertEquals(mapper.readTree("{\"status\":\"paused\",\"status_reason\":null}"), rewind.get("registry"),
                    "its process lives on, paused");
            assertEquals("rewind", query("SELECT event_type FROM events WHERE id = " + rewind.get("event_id")));
            String backupRef = rewind.at("/backup/ref").asText();
            assertEquals(rewind.at("/backup/git_commit").asText(), WorkspaceState.refs(ws).get(backupRef),
                    "the backup is a ref of the runner's workspace");

            call("POST", "/api/rewind", "{\"agent_id\":\"" + id + "\",\"backup_ref\":\"" + backupRef + "\"}", 200);
            assertEquals(worked, WorkspaceState.tree(ws), "the undo puts the later work back");

            JsonNode timeline = call("GET", "/api/agents/" + id + "/timeline?limit=1000", null, 200);
            assertTrue(timeline.get("items").findValuesAsText("kind").contains("snapshot"), timeline.toString());

            // a workspace another git process is writing is left alone: 409, nothing recorded
            Path lock = ws.resolve(".git/index.lock");
            Files.writeString(lock, "");
            long snapshots = count("SELECT count(*) FROM snapshots");
            events = count("SELECT count(*) FROM events");
            JsonNode busy = call("POST", "/api/snapshots", "{\"agent_id\":\"" + id + "\"}", 409);
            assertTrue(busy.get("error").asText().contains("index.lock"), busy.toString());
            call("POST", "/api/rewind", toSnapshot + "}", 409);
            assertEquals(worked, WorkspaceState.tree(ws));
            assertEquals(snapshots, count("SELECT count(*) FROM snapshots"));
            assertEquals(events, count("SELECT count(*) FROM events"));
            Files.delete(lock);

            String registered = query("SELECT registered_at FROM runners WHERE id = 'runner-tt'");
            first.kill();
            try (HubProcess second = HubProcess.start(HUB, HubProcess.logFile("remote-time-travel-test-hub-2"))) {
                Waits.await("runner-tt registered with the restarted hub").until(() -> "live".equals(runnerStatus())
                        && !registered.equals(query("SELECT registered_at FROM runners WHERE id = 'runner-tt'")));
                call("POST", "/api/rewind", toSnapshot + "}", 200);
                assertEquals(completed, WorkspaceState.tree(ws), "after the hub's restart too");

                // killed, then rewound: no process, so terminated; resumed, it is started again on its runner, in
                // the restored workspace, with the restored context
                call("POST", "/api/agents/" + id + "/control", "{\"command\":\"kill\"}", 200);
                Waits.await("killed, and that snapshotted").until(() -> "terminated".equals(agentStatus(id))
                        && count("SELECT count(*) FROM snapshots WHERE agent_id = '" + id + "'") == 2);
                JsonNode noProcess = call("POST", "/api/rewind", toSnapshot + "}", 200);
                assertEquals(mapper.readTree("{\"status\":\"terminated\",\"status_reason\":\"rewound\"}"),
                        noProcess.get("registry"));
                assertEquals("the brief\n", Files.readString(ws.resolve("runs.txt")));
                JsonNode resumed = call("POST", "/api/agents/" + id + "/control", "{\"command\":\"resume\"}", 200);
                assertTrue(resumed.toString().contains("\"respawned\":true"), resumed.toString());
                Waits.await("the respawned agent ran").until(() -> Files.readString(ws.resolve("runs.txt"))
                        .equals("the brief\nthe brief\n") && "running".equals(agentStatus(id)));

                // killed and rewound again, then its runner is gone: refusals that record nothing, no respawn elsewhere
                call("POST", "/api/agents/" + id + "/control", "{\"command\":\"kill\"}", 200);
                Waits.await("killed again").until(() -> "terminated".equals(agentStatus(id))
                        && count("SELECT count(*) FROM snapshots WHERE agent_id = '" + id + "'") == 3);
                call("POST", "/api/rewind", toSnapshot + "}", 200);
                runner.kill();
                Waits.await("runner-tt lost").until(() -> "lost".equals(runnerStatus()));
                snapshots = count("SELECT count(*) FROM snapshots");
                events = count("SELECT count(*) FROM events");
                JsonNode gone = call("POST", "/api/snapshots", "{\"agent_id\":\"" + id + "\"}", 503);
                assertTrue(gone.get("error").asText().contains("runner-tt"), gone.toString());
                call("POST", "/api/rewind", "{\"agent_id\":\"" + id + "\",\"backup_ref\":\"" + backupRef + "\"}", 503);
                JsonNode notResumed = call("POST", "/api/agents/" + id + "/control", "{\"command\":\"resume\"}", 409);
                assertTrue(notResumed.toString().contains("not connected"), notResumed.toString());
                assertEquals(snapshots, count("SELECT count(*) FROM snapshots"));
                assertFalse(Files.exists(Path.of(HUB.get("hub.agents.workspace-root"), id)),
                        "the hub made no workspace of its own for the agent");
                assertEquals("terminated", agentStatus(id));
                assertEquals(0, count("SELECT count(*) FROM events WHERE id > " + events
                        + " AND event_type IN ('snapshot_created', 'rewind')"));
            }
        }
    }

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        HubHttp.Reply reply = http.send(method, path, body);
        assertEquals(expected, reply.status(), method + " " + path + " " + body + " -> " + reply.body());
        return reply.json();
    }

    private static String query(String sql) throws Exception {
        return TestDatabase.queryString(DB, sql);
    }

    private static long count(String sql) throws Exception {
        return TestDatabase.queryLong(DB, sql);
    }

    private static String runnerStatus() throws Exception {
        return query("SELECT coalesce(max(status), '') FROM runners WHERE id = 'runner-tt'");
    }

    private static String agentStatus(String agent) throws Exception {
        return query("SELECT coalesce(max(status), '') FROM agents WHERE id = '" + agent + "'");
    }
}
