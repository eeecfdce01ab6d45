package io.descartes.hub.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;

import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/** V35 adds the size and digest of dead letters: rows written before it (which kept the whole frame) stay readable with both. */
class DeadLetterUpgradeTest {

    private static final String DB = "target/dead-letter-upgrade-test.db";

    @Test
    void aDeadLetterFromBeforeV35IsReadWithItsSizeAndDigest() throws Exception {
        TestDatabase.reset(DB);
        SQLiteDataSource before = new SQLiteDataSource();
        before.setUrl("jdbc:sqlite:" + DB);
        Flyway.configure().dataSource(before).locations("classpath:db/migration").target("32").load().migrate();
        byte[] frame = new byte[10_000];
        new Random(24).nextBytes(frame);
        try (Connection c = before.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letters "
                + "(received_at, endpoint, sender, error_code, reason, raw) VALUES (1, 'zmq-commands', NULL, 'malformed', "
                + "'old', ?)")) {
            ps.setBytes(1, frame);
            ps.executeUpdate();
        }

        List<DeadLetterRow> rows = new DeadLetterStore(MigratedDatabase.open(DB)).find(0, 10);
        assertEquals(1, rows.size());
        DeadLetterRow row = rows.get(0);
        assertArrayEquals(frame, row.head());
        assertEquals(frame.length, row.size());
        assertEquals(DeadLetterEntry.sha256(frame), row.sha256());
        assertFalse(row.truncated());
    }
}
