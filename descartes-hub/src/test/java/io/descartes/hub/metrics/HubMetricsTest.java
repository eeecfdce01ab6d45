package io.descartes.hub.metrics;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.MetricsScrape;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /observe/metrics: the hub's own meters move with the traffic that should move them, and only by that much. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:HubMetricsTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:HubMetricsTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:HubMetricsTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:HubMetricsTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + HubMetricsTest.DB,
                "hub.agents.workspace-root=target/hub-metrics-test-workspaces",
                "camel.main.routes-reload-enabled=false",
                TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubMetricsTest {

    static final String DB = "target/hub-metrics-test.db";
    private static final String RUNNER_LINK = TestPorts.tcp("HubMetricsTest.runner");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("HubMetricsTest.http"));

    @BeanInject
    CamelContext context;

    @Test
    void ingestDeadLettersLeasesAndTheRegistryShowInTheScrape() throws Exception {
        MetricsScrape before = MetricsScrape.of(http);
        UUID running = UUID.randomUUID();
        UUID paused = UUID.randomUUID();
        int lines = 300;
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            runner.call(new StatusUpdate(running, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING, null, null,
                    WireTime.now()));
            runner.call(new StatusUpdate(paused, StatusUpdateType.STATUS_CHANGED, AgentStatus.PAUSED, null, null,
                    WireTime.now()));
            for (int i = 0; i < lines; i++) {
                runner.send(new LogStream(running, LogStreamType.STDOUT, ("line " + i).getBytes(StandardCharsets.UTF_8),
                        WireTime.now(), i));
            }
            for (int i = 0; i < lines; i++) {
                assertInstanceOf(EventAck.class, runner.receive());
            }
            runner.sendRaw(new byte[] {(byte) 0xc1, 1, 2, 3});
            assertInstanceOf(CommandResponse.class, runner.receive());
        }
        HubHttp.Reply lease = http.send("POST", "/api/leases",
                HubHttp.json(Map.of("resource", "metrics-test", "holder", "tester", "ttl_ms", 60_000)));
        assertEquals(201, lease.status(), lease.body());

        MetricsScrape after = MetricsScrape.of(http);
        assertEquals(lines, delta(before, after, "descartes_events_recorded_total", "type=\"log_stream\""));
        assertEquals(2, delta(before, after, "descartes_events_recorded_total", "type=\"status_update\""));
        assertEquals(1, delta(before, after, "descartes_dead_letters_total"));
        assertEquals(1, delta(before, after, "descartes_frames_refused_total", "code=\"malformed\""));
        assertEquals(1, delta(before, after, "descartes_security_operations_total", "operation=\"lease_acquired\""));
        assertEquals(1, after.sum("descartes_agents", "status=\"running\""));
        assertEquals(1, after.sum("descartes_agents", "status=\"paused\""));
        assertEquals(0, after.sum("descartes_agents", "status=\"failed\""));
        assertEquals(0, after.sum("descartes_runners"));
        String acks = "endpoint=\"zmq-agent-events\"";
        assertEquals(lines + 3, delta(before, after, "descartes_reply_latency_seconds_count", acks),
                "every reply on the runner link is timed: 2 status acks, the log acks, the error reply");
        assertTrue(after.sum("descartes_reply_latency_seconds_bucket", acks, "le=\"+Inf\"") >= lines + 3,
                "ack latency is a histogram Prometheus can aggregate");
        assertTrue(delta(before, after, "descartes_journal_batch_size_sum") >= lines + 3);
        assertTrue(after.has("descartes_journal_queue_depth"));
        assertTrue(after.has("descartes_websocket_clients"));
    }

    /**
     * An embedded agent's events never cross the runner link, but each is acknowledged to its runner once committed:
     * that is timed as an ack too, so the ack latency the dashboard charts has data without remote runners.
     */
    @Test
    void theEmbeddedRunnersEventsAreTimedAsAcks() throws Exception {
        String acks = "endpoint=\"embedded-agent-events\"";
        MetricsScrape before = MetricsScrape.of(http);
        HubHttp.Reply spawned = http.send("POST", "/api/agents",
                HubHttp.json(Map.of("name", "timed", "model_backend", "demo", "task", "steps=3 step-ms=10")));
        assertEquals(201, spawned.status(), spawned.body());
        String id = spawned.json().get("agent_info").get("id").asText();
        Waits.await("the agent completed").until(() -> "completed".equals(TestDatabase.queryString(DB,
                "SELECT coalesce(max(status), '') FROM agents WHERE id = '" + id + "'")));
        long events = TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE agent_id = '" + id
                + "' AND event_type IN ('status_update', 'log_stream')");
        assertTrue(events >= 5, "its statuses and its output lines: " + events);
        Waits.await("each of its events timed").until(() -> delta(before, MetricsScrape.of(http),
                "descartes_reply_latency_seconds_count", acks) == events);
        assertTrue(MetricsScrape.of(http).sum("descartes_reply_latency_seconds_bucket", acks, "le=\"+Inf\"") >= events);
    }

    @Test
    void camelHealthListsTheDatabaseTheRunnersAndEveryZmqEndpoint() throws Exception {
        HubHttp.Reply health = http.send("GET", "/observe/health", null);
        assertEquals(200, health.status(), health.body());
        Map<String, String> checks = new HashMap<>();
        health.json().get("checks").forEach(c -> checks.put(c.get("name").asText(), c.get("status").asText()));
        for (String id : new String[] {"database", "runners", "consumer:zmq-commands", "consumer:zmq-agent-events",
                "zmq-producer:pub:tcp://127.0.0.1:" + TestPorts.port("HubMetricsTest.pub")}) {
            assertEquals("UP", checks.get(id), id + " in " + checks);
        }
    }

    /**
     * What keeps Camel's per-exchange diagnostics off the ingest path by default (bench/README, ingest round 3 and
     * session 14): no exchange events (Camel creates one per exchange and step once a notifier wants them), JMX off,
     * the developer console not served (hub.diagnostics.enabled turns the last two on); and no event notifier Camel
     * would walk at each asynchronous hand-off of every exchange, but the two of platform-http's endpoint summary,
     * which cannot be switched off: the hub's stopping hooks are lifecycle strategies, camel-main's property summary
     * is off (its notifier is not registered in this test's non-standalone main, hence the property).
     */
    @Test
    void camelDiagnosticsStayOffTheIngestPathByDefault() throws Exception {
        List<String> notifiers = context.getManagementStrategy().getEventNotifiers().stream()
                .map(n -> n.getClass().getName())
                .filter(n -> !n.startsWith("org.apache.camel.component.platform.http.main.MainHttpServerUtil")).toList();
        assertEquals(List.of(), notifiers, "event notifiers");
        assertEquals("false", context.resolvePropertyPlaceholders("{{camel.main.auto-configuration-log-summary}}"));
        assertFalse(context.getCamelContextExtension().isEventNotificationApplicable());
        assertFalse(context.getManagementStrategy().getClass().getName().contains("Jmx"),
                context.getManagementStrategy().getClass().getName());
        assertEquals(404, http.send("GET", "/q/dev", null).status());
    }

    private static double delta(MetricsScrape before, MetricsScrape after, String metric, String... labels) {
        return after.sum(metric, labels) - before.sum(metric, labels);
    }
}
