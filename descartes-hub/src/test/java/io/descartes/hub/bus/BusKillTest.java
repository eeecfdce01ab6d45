package io.descartes.hub.bus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static io.descartes.hub.bus.BusPeer.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hub killed with SIGKILL in the middle of a flood of messages that need an ack: every stored message reaches its
 * recipient after the restart (at least once), and its attempts are counted right: the recipient never sees the same
 * attempt number of a message twice (an attempt is recorded before it goes out, so one sent just before the kill is
 * not sent again as the same attempt), and the store's attempt count is the last attempt the recipient got.
 */
class BusKillTest {

    private static final String DB = "target/bus-kill-test.db";
    private static final String COMMANDS = TestPorts.tcp("BusKillTest.command");
    private static final Map<String, String> HUB = Map.ofEntries(
            Map.entry("hub.security.token", TestAuth.TOKEN),
            Map.entry("hub.http.port", String.valueOf(TestPorts.port("BusKillTest.http"))),
            Map.entry("hub.zmq.command.address", COMMANDS),
            Map.entry("hub.zmq.pub.address", TestPorts.tcp("BusKillTest.pub")),
            Map.entry("hub.zmq.runner.address", TestPorts.tcp("BusKillTest.runner")),
            Map.entry("hub.db.url", "jdbc:sqlite:" + DB),
            // only re-attaching sends an unacked message again: the test sees each attempt the hub makes
            Map.entry("hub.bus.ack-timeout-ms", "600000"),
            // big batches: a kill lands between a batch's record and its last send (or, were the order wrong, between
            // its first send and its record) most of the time the hub is delivering
            Map.entry("hub.bus.delivery-batch", "1000"),
            Map.entry("camel.main.routes-reload-enabled", "false"));
    private static final int MESSAGES = 3000;
    private static final int KILL_AFTER = 300;

    @Test
    void aKillMidFloodLosesNoMessageAndCountsEveryAttempt() throws Exception {
        TestDatabase.reset(DB);
        Set<String> seen = new HashSet<>(); // id + attempt: each at most once
        Map<String, Long> lastAttempt = new HashMap<>();
        try (HubProcess hub = HubProcess.start(HUB, HubProcess.logFile("bus-kill-hub"))) {
            try (BusPeer sender = BusPeer.attach(COMMANDS, "sender");
                 BusPeer recipient = BusPeer.attach(COMMANDS, "recipient")) {
                for (int i = 0; i < MESSAGES; i++) { // pipelined: the replies wait unread
                    sender.send(message("m" + i, BusKind.DIRECT, "sender", "recipient", null, null, null, 50, true,
                            null, WireTime.now()));
                }
                while (lastAttempt.size() < KILL_AFTER) {
                    record(recipient.delivery(), seen, lastAttempt);
                }
                hub.kill();
                // what was already on its way still arrives; an empty socket ends this phase
                for (BusMessage m = recipient.deliveryIfAny(); m != null; m = recipient.deliveryIfAny()) {
                    record(m, seen, lastAttempt);
                }
            }
        }
        Set<String> stored = storedIds();
        assertTrue(stored.size() > KILL_AFTER, "stored before the kill: " + stored.size());
        Set<String> afterRestart = new HashSet<>();
        try (HubProcess hub = HubProcess.start(HUB, HubProcess.logFile("bus-kill-hub"));
             BusPeer recipient = BusPeer.attach(COMMANDS, "recipient")) {
            while (!afterRestart.containsAll(stored)) {
                BusMessage m = recipient.delivery();
                record(m, seen, lastAttempt);
                afterRestart.add(m.id());
            }
        }
        assertEquals(stored, lastAttempt.keySet(), "every stored message delivered, nothing else");
        Map<String, Long> counted = storedAttempts();
        for (String id : stored) {
            assertEquals(lastAttempt.get(id), counted.get(id), "attempts of " + id + " in the store");
        }
    }

    private static void record(BusMessage m, Set<String> seen, Map<String, Long> lastAttempt) {
        assertTrue(seen.add(m.id() + "#" + m.attempts()), "attempt " + m.attempts() + " of " + m.id() + " came twice");
        Long before = lastAttempt.put(m.id(), m.attempts());
        assertFalse(before != null && before >= m.attempts(), m.id() + ": attempt " + m.attempts() + " after " + before);
    }

    private static Set<String> storedIds() throws Exception {
        return new HashSet<>(storedAttempts().keySet());
    }

    private static Map<String, Long> storedAttempts() throws Exception {
        Map<String, Long> attempts = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT m.id, d.attempts FROM bus_messages m "
                     + "JOIN bus_deliveries d ON d.event_id = m.event_id WHERE m.sender = 'sender'")) {
            while (rs.next()) {
                attempts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return attempts;
    }
}
