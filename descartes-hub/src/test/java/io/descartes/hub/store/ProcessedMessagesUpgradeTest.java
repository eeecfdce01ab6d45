package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V21 rebuilds {@code processed_messages} as a WITHOUT ROWID table: a hub upgraded from an older schema must still
 * know every frame it recorded before, so a re-send after the upgrade is acknowledged with the first row's id and
 * not stored again.
 */
class ProcessedMessagesUpgradeTest {

    private static final String DB = "target/processed-messages-upgrade-test.db";

    @Test
    void keysRecordedBeforeTheUpgradeStillMakeReSendsDuplicates() throws Exception {
        TestDatabase.reset(DB);
        SQLiteDataSource before = new SQLiteDataSource();
        before.setUrl("jdbc:sqlite:" + DB);
        Flyway.configure().dataSource(before).locations("classpath:db/migration").target("20").load().migrate();
        EventEntry line = new EventEntry("log_stream", null, null, "{\"type\":\"log_stream\"}", null, "agent/stdout/1", null);
        EventEntry other = new EventEntry("log_stream", null, null, "{\"type\":\"log_stream\"}", null, "agent/stdout/2", null);
        long first;
        try (JournalWriter writer = new JournalWriter(before, Clock.systemUTC())) {
            first = writer.write(List.of(line, other)).get(0).id();
        }
        assertFalse(tableSql().contains("WITHOUT ROWID"), "the old schema first");

        try (JournalWriter writer = new JournalWriter(MigratedDatabase.open(DB), Clock.systemUTC())) {
            JournalReceipt again = writer.write(List.of(line)).get(0);
            assertTrue(again.duplicate());
            assertEquals(first, again.id());
            assertFalse(writer.write(List.of(new EventEntry("log_stream", null, null, "{}", null, "agent/stdout/3", null)))
                    .get(0).duplicate());
        }
        assertTrue(tableSql().contains("WITHOUT ROWID"), tableSql());
        assertEquals(3, count("SELECT count(*) FROM events"));
        assertEquals(3, count("SELECT count(*) FROM processed_messages"));
    }

    private static String tableSql() throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'processed_messages'")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connection() throws SQLException {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + DB);
        return ds.getConnection();
    }
}
