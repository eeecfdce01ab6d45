package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import javax.sql.DataSource;

import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Retention on a real SQLite file with the hub's schema: what goes and what must stay. */
class EventRetentionTest {

    private static final String DB = "target/event-retention-test.db";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final long DAY = Duration.ofDays(1).toSeconds();
    private static final Set<String> FINISHED = Set.of("completed", "failed", "terminated");

    private final DataSource ds = MigratedDatabase.fresh(DB);
    private final EventRetention retention =
            new EventRetention(ds, Duration.ofDays(30), 3, FINISHED, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void deletesOnlyExpiredEventsThatNoSnapshotReplayNeeds() throws Exception {
        agent("old-done", "completed", 40);
        long[] oldDone = events("old-done", 7);
        agent("old-failed", "failed", 31);
        events("old-failed", 2);
        agent("recent-done", "terminated", 29);
        events("recent-done", 2);
        agent("old-live", "running", 40);
        events("old-live", 2);
        agent("old-paused", "paused", 40);
        events("old-paused", 2);
        agent("old-snapshotted", "completed", 40);
        long[] snapshotted = events("old-snapshotted", 5);
        snapshot("old-snapshotted", snapshotted[1]);
        snapshot("old-snapshotted", snapshotted[2]);
        events(null, 1); // hub events (spawn requests, leases) belong to no agent
        events("not-in-registry", 2);
        processedKey("status_update/old-done/1", oldDone[0]);

        assertEquals(7 + 2 + 2, retention.purge(), "in batches of 3, across agents");

        assertEquals(0, count("old-done"));
        assertEquals(0, count("old-failed"));
        assertEquals(2, count("recent-done"), "finished less than max-age ago");
        assertEquals(2, count("old-live"), "a live agent keeps everything");
        assertEquals(2, count("old-paused"), "a paused agent is not finished");
        assertEquals(3, count("old-snapshotted"), "everything up to the newest snapshot stays for its replay");
        assertEquals(snapshotted[2], TestDatabase.queryLong(DB,
                "SELECT max(id) FROM events WHERE agent_id = 'old-snapshotted'"));
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE agent_id IS NULL"));
        assertEquals(2, count("not-in-registry"), "an agent the registry does not know is not known to be finished");
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM processed_messages"),
                "keys stay, so a re-send of a deleted event is still a duplicate");

        assertEquals(0, retention.purge(), "nothing left to delete");
    }

    private void agent(String id, String status, long daysAgo) throws SQLException {
        update("INSERT INTO agents (id, name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                id, id, status, NOW.getEpochSecond() - 50 * DAY, NOW.getEpochSecond() - daysAgo * DAY);
    }

    private long[] events(String agentId, int n) throws SQLException {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            update("INSERT INTO events (event_type, timestamp, agent_id, content) VALUES ('log_stream', ?, ?, '{}')",
                    NOW.getEpochSecond() - 45 * DAY, agentId);
            ids[i] = TestDatabase.queryLong(DB, "SELECT max(id) FROM events");
        }
        return ids;
    }

    private void snapshot(String agentId, long lastEventId) throws SQLException {
        update("INSERT INTO snapshots (agent_id, git_commit_hash, last_event_id) VALUES (?, 'abc', ?)", agentId, lastEventId);
    }

    private void processedKey(String key, long eventId) throws SQLException {
        update("INSERT INTO processed_messages (message_key, event_id) VALUES (?, ?)", key, eventId);
    }

    private static long count(String agentId) throws SQLException {
        return TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE agent_id = '" + agentId + "'");
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
