package io.descartes.hub.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.MetricsScrape;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/**
 * On the runner link the quota is back-pressure, not loss: a runner JVM whose agent outruns a small quota gets
 * rate_limited replies, re-sends those events, and in the end every one of them is stored, in full.
 * The quota here: 4 frames per second, bursts of 40, for each key on the runner link (the runner uses the local one).
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:RunnerBackPressureTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:RunnerBackPressureTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:RunnerBackPressureTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:RunnerBackPressureTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + RunnerBackPressureTest.DB, "camel.main.routes-reload-enabled=false",
                "hub.agents.workspace-root=target/runner-back-pressure-test-hub-workspaces",
                // a burst of 40 frames, then 8 a second: the agent's ~90 frames meet the quota at once, and the
                // re-sends are through in seconds (5 s is the shortest burst the 2 MiB/s command quota allows)
                "hub.zmq.quota.runner.frames-per-second=8",
                "hub.zmq.quota.burst-seconds=5"})
class RunnerBackPressureTest {

    static final String DB = "target/runner-back-pressure-test.db";
    static final String RUNNER_LINK = TestPorts.tcp("RunnerBackPressureTest.runner");
    private static final int STEPS = 60;

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void aRunnerOverItsQuotaReSendsUntilEveryEventIsStored() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(Map.of(
                "hub.runner.id", "runner-bp",
                "hub.zmq.runner.address", RUNNER_LINK,
                "hub.runner.command-address", TestPorts.tcp("RunnerBackPressureTest.runner-command"),
                "hub.runner.labels", "site=remote",
                "hub.runner.resend-delay-ms", "200",
                "hub.agents.workspace-root", "target/runner-back-pressure-test-runner-workspaces"),
                HubProcess.logFile("runner-back-pressure-test"));
             DescartesPeer client = new DescartesPeer(TestPorts.tcp("RunnerBackPressureTest.command"))) {
            Waits.await("the runner registered").until(() -> TestDatabase.queryLong(DB,
                    "SELECT count(*) FROM runners WHERE id = 'runner-bp' AND status = 'live'") == 1);
            SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, client.call(new SpawnRequest("bp",
                    AgentConfig.of("chatty", "demo", "steps=" + STEPS + " step-ms=1"), null, Map.of("label.site", "remote"))));
            assertTrue(spawned.success(), spawned.error());
            String agent = spawned.agentInfo().id().toString();

            Waits.await("the agent's completion recorded").until(() -> TestDatabase.queryLong(DB,
                    "SELECT count(*) FROM agents WHERE id = '" + agent + "' AND status = 'completed'") == 1);
            // every line, none twice: "demo agent starting", one per step, "demo agent done"; a note every third step
            assertStream(agent, "stdout", STEPS + 2);
            assertStream(agent, "stderr", STEPS / 3);
        }
        assertTrue(MetricsScrape.of(new HubHttp(TestPorts.port("RunnerBackPressureTest.http")))
                .sum("descartes_quota_refused_total", "endpoint=\"runner\"") > 0,
                "the runner met its quota");
    }

    private static void assertStream(String agent, String stream, long lines) throws Exception {
        String rows = "FROM events WHERE event_type = 'log_stream' AND agent_id = '" + agent
                + "' AND json_extract(content, '$.stream_type') = '" + stream + "'";
        assertEquals(lines, TestDatabase.queryLong(DB, "SELECT count(*) " + rows), stream + " rows");
        assertEquals(lines, TestDatabase.queryLong(DB, "SELECT count(DISTINCT json_extract(content, '$.sequence')) " + rows));
        assertEquals(lines - 1, TestDatabase.queryLong(DB, "SELECT max(json_extract(content, '$.sequence')) " + rows));
    }
}
