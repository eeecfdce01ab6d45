package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retention route of a running hub: off as shipped (hub.events.retention.enabled is not set here), and once
 * started it deletes an old finished agent's events on its timer and leaves a live agent's and the snapshot-needed ones,
 * and the dead letters older than their maximum age (30 days as shipped).
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:EventRetentionRouteTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:EventRetentionRouteTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:EventRetentionRouteTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:EventRetentionRouteTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + EventRetentionRouteTest.DB,
                "hub.agents.workspace-root=target/event-retention-route-test-workspaces",
                "hub.events.retention.max-age=PT1H",
                "hub.events.retention.interval=100",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventRetentionRouteTest {

    static final String DB = "target/event-retention-route-test.db";

    static {
        TestDatabase.reset(DB);
    }

    @BeanInject
    CamelContext context;

    @Test
    void offByDefaultThenRunsOnItsTimer() throws Exception {
        assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus("event-retention"),
                "retention is off unless hub.events.retention.enabled=true");
        long twoHoursAgo = Instant.now().minus(Duration.ofHours(2)).getEpochSecond();
        update("INSERT INTO agents (id, name, status, updated_at) VALUES ('done', 'd', 'completed', " + twoHoursAgo + ")");
        update("INSERT INTO agents (id, name, status, updated_at) VALUES ('live', 'l', 'running', " + twoHoursAgo + ")");
        update("INSERT INTO agents (id, name, status, updated_at) VALUES ('kept', 'k', 'failed', " + twoHoursAgo + ")");
        for (String agent : new String[] {"done", "done", "live", "live", "kept", "kept"}) {
            update("INSERT INTO events (event_type, agent_id, content) VALUES ('log_stream', '" + agent + "', '{}')");
        }
        update("INSERT INTO snapshots (agent_id, git_commit_hash, last_event_id) "
                + "SELECT 'kept', 'abc', max(id) FROM events WHERE agent_id = 'kept'");
        long now = Instant.now().toEpochMilli();
        update("INSERT INTO dead_letters (received_at, endpoint, error_code, reason, raw) VALUES ("
                + (now - Duration.ofDays(31).toMillis()) + ", 'zmq-commands', 'malformed', 'old', x'c1')");
        update("INSERT INTO dead_letters (received_at, endpoint, error_code, reason, raw) VALUES ("
                + now + ", 'zmq-commands', 'malformed', 'new', x'c1')");

        NotifyBuilder firstRun = new NotifyBuilder(context).fromRoute("event-retention").whenCompleted(1).create();
        context.getRouteController().startRoute("event-retention");
        assertTrue(firstRun.matches(60, TimeUnit.SECONDS), "the retention route completed a run");

        assertEquals(0, count("done"), "the finished agent's events are gone");
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters WHERE reason = 'old'"));
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters WHERE reason = 'new'"));
        assertEquals(2, count("live"));
        assertEquals(2, count("kept"));
    }

    private static long count(String agentId) throws SQLException {
        return TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE agent_id = '" + agentId + "'");
    }

    private static void update(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
