package io.descartes.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;

import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Dead-letter retention on a real SQLite file with the hub's schema: by age, then by count, in batches. */
class DeadLetterRetentionTest {

    private static final String DB = "target/dead-letter-retention-test.db";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final DataSource ds = MigratedDatabase.fresh(DB);

    @Test
    void deletesWhatIsOlderThanTheMaximumAge() throws Exception {
        for (int days : new int[] {40, 31, 31, 29, 1}) {
            deadLetter(days);
        }
        assertEquals(3, retention(Duration.ofDays(30), 0).purge(), "in batches of 2");
        assertEquals(2, count());
        assertEquals(NOW.minus(Duration.ofDays(29)).toEpochMilli(),
                TestDatabase.queryLong(DB, "SELECT min(received_at) FROM dead_letters"));
    }

    @Test
    void keepsTheNewestRowsUpToTheMaximumCount() throws Exception {
        for (int i = 0; i < 7; i++) {
            deadLetter(10 - i);
        }
        long newest = TestDatabase.queryLong(DB, "SELECT max(id) FROM dead_letters");
        assertEquals(4, retention(Duration.ofDays(30), 3).purge());
        assertEquals(3, count());
        assertEquals(newest - 2, TestDatabase.queryLong(DB, "SELECT min(id) FROM dead_letters"));
        assertEquals(0, retention(Duration.ofDays(30), 3).purge(), "nothing more to do");
    }

    private DeadLetterRetention retention(Duration maxAge, long maxRows) {
        return new DeadLetterRetention(ds, maxAge, maxRows, 2, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void deadLetter(int daysAgo) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters "
                + "(received_at, endpoint, error_code, reason, raw, raw_size, raw_sha256) VALUES (?, 'zmq-commands', "
                + "'malformed', 'test', ?, 1, ?)")) {
            byte[] raw = {(byte) 0xc1};
            ps.setLong(1, NOW.minus(Duration.ofDays(daysAgo)).toEpochMilli());
            ps.setBytes(2, raw);
            ps.setString(3, DeadLetterEntry.sha256(raw));
            ps.executeUpdate();
        }
    }

    private static long count() throws SQLException {
        return TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters");
    }
}
