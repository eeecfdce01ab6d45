package io.descartes.hub.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.testing.DescartesPeer;
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
 * Failover (README "Failover"): two hub JVMs on one PostgreSQL database, CURVE on (the tests' hubs share one key
 * folder, so one server certificate, as a deployment's hubs do), and three runner JVMs listing both hubs, each running
 * an agent that floods events. The hub the runners use is killed with SIGKILL mid-flood: the runners move to the
 * other hub, register there, re-send what the dead hub had not acknowledged, and every event of every agent ends up
 * stored exactly once. GET /api/runners on the other hub shows them live there.
 */
class HubFailoverTest {

    private static final String DB = TestStore.postgresql("target/hub-failover-test.db");
    private static final int RUNNERS = 3;
    private static final int STEPS = 600;
    /** Eight JVMs on a shared machine: starts and floods take their time. */
    private static final Duration SLOW = Duration.ofMinutes(4);
    private static final String LINK_A = TestPorts.tcp("HubFailoverTest.a-runner");
    private static final String LINK_B = TestPorts.tcp("HubFailoverTest.b-runner");

    private static Map<String, String> hub(String name, String runnerLink) {
        return Map.of(
                "hub.server-id", "hub-" + name,
                "hub.http.port", String.valueOf(TestPorts.port("HubFailoverTest." + name + "-http")),
                "hub.zmq.command.address", TestPorts.tcp("HubFailoverTest." + name + "-command"),
                "hub.zmq.pub.address", TestPorts.tcp("HubFailoverTest." + name + "-pub"),
                "hub.zmq.runner.address", runnerLink,
                "hub.db.url", DB,
                "hub.security.token", TestAuth.TOKEN,
                "hub.agents.workspace-root", "target/hub-failover-test-" + name + "-workspaces",
                "hub.agents.embedded.enabled", "false",
                "camel.main.routes-reload-enabled", "false");
    }

    private static RunnerProcess runner(int n) throws Exception {
        return RunnerProcess.start(Map.of(
                "hub.runner.id", "runner-" + n,
                "hub.runner.hub-addresses", LINK_A + "," + LINK_B,
                "hub.runner.command-address", TestPorts.tcp("HubFailoverTest.runner-command-" + n),
                "hub.runner.labels", "site=r" + n,
                "hub.runner.heartbeat-ms", "300",
                "hub.runner.resend-delay-ms", "200",
                "hub.runner.reconnect-max-ms", "1000",
                "hub.agents.workspace-root", "target/hub-failover-test-runner-" + n + "-workspaces"),
                HubProcess.logFile("hub-failover-test-runner-" + n));
    }

    @Test
    void runnersMoveToTheOtherHubWhenTheirsIsKilledAndEveryEventIsStoredOnce() throws Exception {
        List<RunnerProcess> runners = new ArrayList<>();
        try (HubProcess a = HubProcess.start(hub("a", LINK_A), HubProcess.logFile("hub-failover-test-hub-a"));
             HubProcess b = HubProcess.start(hub("b", LINK_B), HubProcess.logFile("hub-failover-test-hub-b"));
             DescartesPeer client = new DescartesPeer(TestPorts.tcp("HubFailoverTest.a-command"))) {
            for (int n = 1; n <= RUNNERS; n++) {
                runners.add(runner(n));
            }
            Waits.await("every runner registered with hub-a, the first it lists").atMost(SLOW).until(() ->
                    count("SELECT count(*) FROM runners WHERE status = 'live' AND hub_id = 'hub-a'") == RUNNERS);

            List<String> agents = new ArrayList<>();
            for (int n = 1; n <= RUNNERS; n++) {
                SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("flood-" + n,
                        AgentConfig.of("flood", "demo", "steps=" + STEPS + " step-ms=2"), null, Map.of("label.site", "r" + n))));
                assertTrue(spawned.success(), spawned.error());
                agents.add(spawned.agentInfo().id().toString());
            }
            Waits.await("every agent's events flowing into hub-a").atMost(SLOW).until(() -> agents.stream()
                    .allMatch(agent -> logLines(agent) >= 100));

            a.kill();
            assertTrue(agents.stream().allMatch(agent -> logLines(agent) < STEPS),
                    "the kill came mid-flood: no agent had all its lines stored yet");

            Waits.await("every runner registered with hub-b").atMost(SLOW).until(() ->
                    count("SELECT count(*) FROM runners WHERE status = 'live' AND hub_id = 'hub-b'") == RUNNERS);
            JsonNode listed = new HubHttp(TestPorts.port("HubFailoverTest.b-http")).send("GET", "/api/runners", null).json();
            assertEquals(RUNNERS, listed.path("runners").size(), listed::toString);
            for (JsonNode runner : listed.path("runners")) {
                assertEquals("hub-b", runner.path("hub").asText(), listed::toString);
                assertEquals("live", runner.path("state").asText(), listed::toString);
            }
            Waits.await("every agent's completion recorded, through hub-b").atMost(SLOW).until(() ->
                    count("SELECT count(*) FROM agents WHERE status = 'completed' AND id IN ('" + String.join("','", agents)
                            + "')") == RUNNERS);
            for (String agent : agents) {
                // every line, none twice: "demo agent starting", one per step, "demo agent done"; a note every third step
                assertEquals(STEPS + 2, lines(agent, "stdout"), "stdout lines of " + agent);
                assertEquals(STEPS / 3, lines(agent, "stderr"), "stderr lines of " + agent);
            }
            assertEquals(0, count("SELECT count(*) FROM (SELECT agent_id, content::jsonb->>'stream_type',"
                    + " content::jsonb->>'sequence' FROM events WHERE event_type = 'log_stream'"
                    + " GROUP BY 1, 2, 3 HAVING count(*) > 1) AS twice"), "no (agent, stream, sequence) stored twice");
        } finally {
            for (RunnerProcess runner : runners) {
                runner.close();
            }
        }
    }

    private static long logLines(String agent) {
        try {
            return count("SELECT count(*) FROM events WHERE event_type = 'log_stream' AND agent_id = '" + agent + "'");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lines(String agent, String stream) throws Exception {
        return count("SELECT count(*) FROM events WHERE event_type = 'log_stream' AND agent_id = '" + agent
                + "' AND content::jsonb->>'stream_type' = '" + stream + "'");
    }

    private static long count(String sql) throws Exception {
        return TestDatabase.queryLongAt(DB, sql);
    }
}
