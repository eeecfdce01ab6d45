package io.descartes.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A test's own database (a SQLite file under target/, or its PostgreSQL database: {@link TestStore}), emptied before the hub under test opens it. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** Empties the test's database so each run starts from an empty one. */
    public static void reset(String file) {
        TestStore.fresh(file);
    }

    /** Deletes target/name(.db, -wal, -shm). */
    static void deleteFiles(String file) {
        try {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A single text value from a query on the test's database. */
    public static String queryString(String file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestStore.url(file));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row for: " + sql);
            }
            return rs.getString(1);
        }
    }

    /** A single long value from a query on the test's database, read through a separate connection. */
    public static long queryLong(String file, String sql) throws SQLException {
        return queryLongAt(TestStore.url(file), sql);
    }

    /** A single long value from a query on the database at this JDBC URL, read through a separate connection. */
    public static long queryLongAt(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row for: " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** Runs one statement on the test's database through a separate connection (e.g. a row a hub of an earlier start left). */
    public static void execute(String file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestStore.url(file)); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
