package io.descartes.hub.agents;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.ListAgentsResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry in the store is the truth across a restart: a hub in its own JVM runs two agents, one to its end and
 * one still running when the hub is killed with SIGKILL; the restarted hub lists and gets both (HTTP and ZMQ) with
 * their final status, exit code and times, and reports the second as failed because the hub stopped (but not an
 * agent that reports to the hub by itself: the hub did not run it).
 */
class AgentRegistryRestartTest {

    private static final String DB = "target/agent-registry-restart-test.db";
    private static final int HTTP_PORT = TestPorts.port("AgentRegistryRestartTest.http");
    private static final String COMMANDS = TestPorts.tcp("AgentRegistryRestartTest.command");
    private static final String RUNNER_LINK = TestPorts.tcp("AgentRegistryRestartTest.runner");
    private static final UUID EXTERNAL = UUID.randomUUID();
    private static final Map<String, String> HUB = Map.of(
            "hub.security.token", TestAuth.TOKEN,
            "hub.http.port", Integer.toString(HTTP_PORT),
            "hub.zmq.command.address", COMMANDS,
            "hub.zmq.pub.address", TestPorts.tcp("AgentRegistryRestartTest.pub"),
            "hub.zmq.runner.address", RUNNER_LINK,
            "hub.db.url", "jdbc:sqlite:" + DB,
            "hub.agents.workspace-root", "target/agent-registry-restart-test-workspaces",
            "camel.main.routes-reload-enabled", "false");
    private static final Pattern VIEW_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");

    private final HubHttp http = new HubHttp(HTTP_PORT);

    @Test
    void agentsFromBeforeARestartAreReportedWithTheirFinalState() throws Exception {
        TestDatabase.reset(DB);
        String done;
        String running;
        long runningPid;
        try (HubProcess hub = HubProcess.start(HUB, HubProcess.logFile("agent-registry-restart-hub"))) {
            done = spawn("done", "steps=2 step-ms=10 exit=3");
            Waits.await("the short agent ends").until(() -> "failed".equals(get(done).get("status").asText()));
            running = spawn("running", "steps=100000 step-ms=50");
            runningPid = get(running).get("pid").asLong();
            Waits.await("the long agent's output is recorded")
                    .until(() -> output(running).get("total_lines").asLong() > 0);
            try (DescartesPeer agent = new DescartesPeer(RUNNER_LINK)) {
                assertInstanceOf(EventAck.class, agent.call(new StatusUpdate(EXTERNAL, StatusUpdateType.STATUS_CHANGED,
                        AgentStatus.RUNNING, "an agent of its own, reporting to the hub", null, WireTime.now())));
            }
            hub.kill();
        }
        try (HubProcess hub = HubProcess.start(HUB, HubProcess.logFile("agent-registry-restart-hub"))) {
            JsonNode list = http.send("GET", "/api/agents", null).json();
            assertEquals(List.of(done, running, EXTERNAL.toString()), list.get("agents").findValuesAsText("id"),
                    list.toString());

            JsonNode ended = get(done);
            assertEquals("failed", ended.get("status").asText());
            assertEquals(3, ended.get("exit_code").asInt(), ended.toString());
            assertTrue(ended.get("status_reason").isNull(), ended.toString());
            assertTrue(ended.get("runner_id").isNull(), ended.toString());
            assertEquals("demo", ended.get("model_backend").asText());
            for (String time : List.of("created_at", "started_at", "ended_at", "updated_at")) {
                assertTrue(VIEW_TIME.matcher(ended.get(time).asText()).matches(), time + " in " + ended);
            }
            assertEquals("step 2/2: working on steps=2 step-ms=10 exit=3",
                    http.send("GET", "/api/agents/" + done + "/output?stream=stdout&filter=%5Estep&offset=1", null)
                            .json().get("lines").get(0).asText());

            Waits.await("the agent that ran when the hub died is failed").until(
                    () -> "failed".equals(get(running).get("status").asText()));
            JsonNode interrupted = get(running);
            assertEquals("hub_restarted", interrupted.get("status_reason").asText(), interrupted.toString());
            assertTrue(VIEW_TIME.matcher(interrupted.get("ended_at").asText()).matches(), interrupted.toString());
            assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'status_update'"
                    + " AND agent_id = '" + running + "' AND json_extract(content, '$.data.reason') = 'hub_restarted'"),
                    "the event log says why, as the registry does");
            assertEquals("running", get(EXTERNAL.toString()).get("status").asText(),
                    "an agent the hub did not run did not end with it");

            try (DescartesPeer client = new DescartesPeer(COMMANDS)) {
                ListAgentsResponse listed = assertInstanceOf(ListAgentsResponse.class,
                        client.call(new ListAgentsRequest("list-after-restart", AgentStatus.FAILED, null)));
                assertEquals(List.of(done, running), listed.agents().stream().map(a -> a.id().toString()).toList());
                AgentInfo first = listed.agents().get(0);
                assertEquals("done", first.name());
                assertEquals("demo", first.modelBackend());
            }
        } finally {
            // ending agents with the hub is not the registry's job: this one outlived the killed hub
            ProcessHandle.of(runningPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private String spawn(String name, String task) throws Exception {
        HubHttp.Reply reply = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", name,
                "model_backend", "demo", "task", task)));
        assertEquals(201, reply.status(), reply.body());
        return reply.json().get("agent_info").get("id").asText();
    }

    private JsonNode get(String id) throws Exception {
        HubHttp.Reply reply = http.send("GET", "/api/agents/" + id, null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private JsonNode output(String id) throws Exception {
        HubHttp.Reply reply = http.send("GET", "/api/agents/" + id + "/output", null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }
}
