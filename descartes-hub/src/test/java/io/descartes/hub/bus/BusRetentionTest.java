package io.descartes.hub.bus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
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
 * The bus-retention route of a running hub: off as shipped, and once started it deletes, on its timer, the messages
 * older than the maximum age that nothing more will happen to (with their deliveries and event, keeping their
 * idempotency key), and keeps the recent ones, those still pending or waiting for an ack or an answer, and those
 * whose delivery changed recently.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:BusRetentionTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:BusRetentionTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:BusRetentionTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:BusRetentionTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + BusRetentionTest.DB,
                "hub.agents.workspace-root=target/bus-retention-test-workspaces",
                "hub.bus.retention.max-age=PT1H",
                "hub.bus.retention.interval=100",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusRetentionTest {

    static final String DB = "target/bus-retention-test.db";

    static {
        TestDatabase.reset(DB);
    }

    @BeanInject
    CamelContext context;

    @Test
    void offByDefaultThenDeletesOldFinishedMessages() throws Exception {
        assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus("bus-retention"),
                "retention is off unless hub.bus.retention.enabled=true");
        Instant old = Instant.now().minus(Duration.ofHours(2));
        Instant recent = Instant.now().minus(Duration.ofMinutes(1));
        store("old-acked", old, "acked", old, true, false);
        store("old-delivered", old, "delivered", old, false, false);
        store("old-expired", old, "expired", old, false, false);
        store("old-dead", old, "dead", old, true, false);
        store("old-pending", old, "pending", old, false, false);
        store("old-awaiting-ack", old, "delivered", old, true, false);
        store("old-open-request", old, "acked", old, true, true);
        store("old-acked-recently", old, "acked", recent, true, false);
        store("recent-acked", recent, "acked", recent, true, false);

        NotifyBuilder firstRun = new NotifyBuilder(context).fromRoute("bus-retention").whenCompleted(1).create();
        context.getRouteController().startRoute("bus-retention");
        assertTrue(firstRun.matches(60, TimeUnit.SECONDS), "the retention route completed a run");

        for (String gone : new String[] {"old-acked", "old-delivered", "old-expired", "old-dead"}) {
            assertEquals(0, count("bus_messages WHERE id = '" + gone + "'"), gone);
            assertEquals(1, count("processed_messages WHERE message_key = 'key-" + gone + "'"), gone + "'s key stays");
        }
        for (String kept : new String[] {"old-pending", "old-awaiting-ack", "old-open-request", "old-acked-recently",
                "recent-acked"}) {
            assertEquals(1, count("bus_messages WHERE id = '" + kept + "'"), kept);
        }
        assertEquals(5, count("bus_deliveries"), "deliveries go with their message");
        assertEquals(5, count("events WHERE event_type = 'bus_message'"), "events go with their message");
    }

    /** A message to 'r' with one delivery, as the journal and the dispatcher would have left it. */
    private static void store(String id, Instant stored, String state, Instant changed, boolean requiresAck,
                              boolean openRequest) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB)) {
            long eventId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (event_type, timestamp, content) "
                    + "VALUES ('bus_message', ?, '{}') RETURNING id")) {
                ps.setLong(1, stored.getEpochSecond());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    eventId = rs.getLong(1);
                }
            }
            execute(c, "INSERT INTO processed_messages (message_key, event_id) VALUES (?, ?)", "key-" + id, eventId);
            execute(c, "INSERT INTO bus_messages (event_id, id, kind, sender, recipient, priority, requires_ack, "
                    + "reply_deadline) VALUES (?, ?, ?, 's', 'r', 50, ?, ?)", eventId, id,
                    openRequest ? "request" : "direct", requiresAck ? 1 : 0,
                    openRequest ? Instant.now().plusSeconds(60).toEpochMilli() : null);
            execute(c, "INSERT INTO bus_deliveries (event_id, recipient, state, priority, attempts, due_at, updated_at) "
                    + "VALUES (?, 'r', ?, 50, 1, ?, ?)", eventId, state, changed.toEpochMilli(), changed.toEpochMilli());
        }
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long count(String from) throws SQLException {
        return TestDatabase.queryLong(DB, "SELECT count(*) FROM " + from);
    }
}
