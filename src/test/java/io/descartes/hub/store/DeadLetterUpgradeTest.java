package io.descartes.hub.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * V24 adds the size and digest of dead letters: rows written before it (which kept the whole frame) stay readable with
 * both, and a database already at a higher version (V32 shipped first) still gets V24 instead of refusing to start.
 */
class DeadLetterUpgradeTest {

    private static final String DB = "target/dead-letter-upgrade-test.db";

    @Test
    void aDeadLetterFromBeforeV24IsReadWithItsSizeAndDigest() throws Exception {
        TestDatabase.reset(DB);
        SQLiteDataSource before = new SQLiteDataSource();
        before.setUrl("jdbc:sqlite:" + DB);
        Flyway.configure().dataSource(before).locations("classpath:db/migration").target("21").load().migrate();
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

    @Test
    void aDatabaseAlreadyPastV24StillGetsIt() throws Exception {
        MigratedDatabase.fresh(DB);
        // as a database migrated by a hub that shipped V32 before V24 existed
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE dead_letters DROP COLUMN raw_size");
            s.execute("ALTER TABLE dead_letters DROP COLUMN raw_sha256");
            s.execute("DELETE FROM flyway_schema_history WHERE version = '24'");
        }
        assertTrue(TestDatabase.queryLong(DB, "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history") > 24);

        MigratedDatabase.open(DB);
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM flyway_schema_history WHERE version = '24'"));
        assertEquals(1, columnCount("raw_size"));
        assertEquals(1, columnCount("raw_sha256"));
    }

    private static long columnCount(String column) throws SQLException {
        return TestDatabase.queryLong(DB, "SELECT count(*) FROM pragma_table_info('dead_letters') WHERE name = '"
                + column + "'");
    }
}
