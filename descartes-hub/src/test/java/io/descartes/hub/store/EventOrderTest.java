package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestStore;
import io.descartes.hub.testing.Waits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Id order is visibility order on PostgreSQL: a reader that follows {@code after=<id>} never skips an event whose
 * lower id commits after a higher one. (SQLite has one writer at a time, so its ids are committed in order anyway.)
 */
class EventOrderTest {

    private static final String DB = "target/event-order-test.db";

    @Test
    void aLowerIdCommittingLastIsNotSkippedByAReaderFollowingIds() throws Exception {
        assumeTrue(TestStore.postgres(), "PostgreSQL's bigserial order; run with -Ddescartes.test.store=postgresql");
        DataSource ds = MigratedDatabase.fresh(DB);
        EventStore reader = new EventStore(ds);
        try (Connection first = ds.getConnection(); JournalWriter journal = new JournalWriter(ds, Clock.systemUTC())) {
            // a transaction that inserts an event the way every event insert does, and has not committed yet
            for (String sql : SqlDialect.of(first).beginEventWrite()) {
                first.createStatement().execute(sql);
            }
            long lowerId = insertEvent(first);

            // the journal's next batch, concurrently: either it waits for the first transaction, or it commits
            // a higher id before the lower one is visible
            CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> write(journal));
            Waits.await("the second transaction committed or waits for the first")
                    .until(() -> second.isDone() || waitsForAnAdvisoryLock(ds));

            Set<Long> seen = new TreeSet<>();
            long cursor = follow(reader, 0, seen);
            first.createStatement().execute("COMMIT");
            long higherId = second.get(60, TimeUnit.SECONDS);
            follow(reader, cursor, seen);

            assertEquals(Set.of(lowerId, higherId), seen, "a reader following ids saw every committed event");
        }
    }

    /** Reads every event after the cursor, like GET /api/events?after= or a WebSocket resume; the new cursor. */
    private static long follow(EventStore reader, long after, Set<Long> seen) throws SQLException {
        long cursor = after;
        for (EventRow row : reader.find(new EventQuery(after, null, null, null, 100))) {
            seen.add(row.id());
            cursor = Math.max(cursor, row.id());
        }
        return cursor;
    }

    private static long insertEvent(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO events (event_type, timestamp, content) VALUES ('test', 0, '{}') RETURNING id");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long write(JournalWriter journal) {
        try {
            List<JournalReceipt> receipts =
                    journal.write(List.of(new EventEntry("test", null, null, "{}", null, null, null)));
            return receipts.get(0).id();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean waitsForAnAdvisoryLock(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     + "AND wait_event_type = 'Lock' AND wait_event = 'advisory'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}
