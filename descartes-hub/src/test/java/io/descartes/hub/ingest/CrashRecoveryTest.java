package io.descartes.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestSockets;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing acknowledged is lost: the hub runs as its own JVM, is flooded, killed with SIGKILL
 * mid-stream, restarted; the sender re-sends whatever it has no ack for, and in the end every
 * event is in the table exactly once, under the id it was acknowledged with.
 */
class CrashRecoveryTest {

    private static final String DB = "target/crash-recovery-test.db";
    private static final String RUNNER_LINK = TestPorts.tcp("CrashRecoveryTest.runner");
    private static final Map<String, String> HUB = Map.of(
            "hub.http.port", String.valueOf(TestPorts.port("CrashRecoveryTest.http")),
            "hub.zmq.command.address", TestPorts.tcp("CrashRecoveryTest.command"),
            "hub.zmq.pub.address", TestPorts.tcp("CrashRecoveryTest.pub"),
            "hub.zmq.runner.address", RUNNER_LINK,
            "hub.db.url", "jdbc:sqlite:" + DB,
            "camel.main.routes-reload-enabled", "false");
    private static final int EVENTS = 20_000;
    private static final int WINDOW = 1_000;
    private static final DescartesCodec CODEC = new DescartesCodec();

    /** Acks seen, by event key: the id the hub promised. */
    private final Map<String, Long> acked = new HashMap<>();

    @Test
    void everyAckedEventSurvivesAKillAndEveryEventEndsUpStoredOnce() throws Exception {
        TestDatabase.reset(DB);
        Path log = HubProcess.logFile("crash-recovery-hub");
        Map<String, byte[]> events = events();

        try (HubProcess hub = HubProcess.start(HUB, log)) {
            sendUntil(events, EVENTS / 4, hub);
        }
        int ackedBeforeCrash = acked.size();
        assertTrue(ackedBeforeCrash >= EVENTS / 4 && ackedBeforeCrash < EVENTS,
                "the kill must land mid-stream, acked " + ackedBeforeCrash);
        Map<String, Long> promisedBeforeCrash = new HashMap<>(acked);

        try (HubProcess hub = HubProcess.start(HUB, log)) {
            sendUntil(events, EVENTS, null);
            int exit = hub.stop();
            assertTrue(exit == 0 || exit == 143, "graceful stop on SIGTERM, exit " + exit); // 143 = 128 + SIGTERM
        }

        Map<String, Long> stored = storedIdsByKey();
        assertEquals(EVENTS, stored.size(), "every event stored exactly once");
        assertEquals(EVENTS, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'log_stream'"),
                "no duplicate rows");
        promisedBeforeCrash.forEach((key, id) -> assertEquals(id, stored.get(key), "acked before the crash: " + key));
        acked.forEach((key, id) -> assertEquals(id, stored.get(key), "acked id matches the row: " + key));
    }

    /**
     * Sends every event without an ack, pipelined up to WINDOW unacked, until {@code target} acks
     * are in. With a hub to kill, kills it right there: frames are still in flight both ways.
     */
    private void sendUntil(Map<String, byte[]> events, int target, HubProcess killAt) throws Exception {
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket dealer = TestSockets.connect(ctx, SocketType.DEALER, RUNNER_LINK);
            dealer.setReceiveTimeOut(200);
            List<String> pending = new ArrayList<>();
            events.keySet().stream().filter(k -> !acked.containsKey(k)).forEach(pending::add);
            int next = 0;
            int inFlight = 0;
            long lastProgress = System.nanoTime();
            long lastSend = lastProgress;
            while (acked.size() < target) {
                while (inFlight < WINDOW && next < pending.size()) {
                    dealer.sendMore(new byte[0]);
                    dealer.send(events.get(pending.get(next++)));
                    inFlight++;
                    lastSend = System.nanoTime();
                }
                byte[] delimiter = dealer.recv();
                if (delimiter == null) {
                    if (System.nanoTime() - lastProgress > 60_000_000_000L) {
                        throw new AssertionError("no ack for 60 s; acked " + acked.size());
                    }
                    if (inFlight > 0 && (next >= pending.size() || System.nanoTime() - lastSend > 3_000_000_000L)) {
                        // as a runner does after its ack timeout: frames or acks lost with a connection (a
                        // reconnected DEALER is a new peer to the ROUTER, acks for the old one are dropped)
                        // are re-sent, and the hub stores each key once
                        next = 0;
                        inFlight = 0;
                        pending.removeIf(acked::containsKey);
                    }
                    continue;
                }
                EventAck ack = (EventAck) CODEC.decode(dealer.recv());
                acked.putIfAbsent(ack.key(), ack.eventId());
                assertEquals(acked.get(ack.key()), ack.eventId(), "a re-send is acked with the first id");
                inFlight--;
                lastProgress = System.nanoTime();
                if (killAt != null && acked.size() >= target) {
                    killAt.kill();
                }
            }
        }
    }

    private static Map<String, byte[]> events() {
        Map<String, byte[]> events = new LinkedHashMap<>();
        UUID agent = UUID.randomUUID();
        for (int i = 0; i < EVENTS; i++) {
            LogStream chunk = new LogStream(agent, LogStreamType.STDOUT,
                    ("chunk " + i).getBytes(StandardCharsets.UTF_8), WireTime.now(), i);
            events.put(chunk.naturalKey(), CODEC.encode(chunk));
        }
        return events;
    }

    private static Map<String, Long> storedIdsByKey() throws Exception {
        Map<String, Long> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT json_extract(metadata, '$.message_id'), id FROM events WHERE event_type = 'log_stream'")) {
            while (rs.next()) {
                Long previous = stored.put(rs.getString(1), rs.getLong(2));
                assertEquals(null, previous, "stored twice: " + rs.getString(1));
            }
        }
        return stored;
    }
}
