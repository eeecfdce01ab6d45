package io.descartes.hub.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store a test run uses: SQLite files under target/ (the default), or PostgreSQL with
 * {@code -Ddescartes.test.store=postgresql} (the surefire execution "postgresql" runs the conformance set so). A test names
 * its database by its SQLite file (e.g. target/x-test.db); on PostgreSQL that is a database of its own, created here
 * (name + process id, so parallel runs never share one) and dropped when the JVM exits. The server is
 * {@code descartes.test.postgres-url} (env DESCARTES_TEST_POSTGRES_URL), by default
 * {@value #DEFAULT_POSTGRES_URL}: a role that may create databases (README "PostgreSQL store").
 */
public final class TestStore {

    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final Pattern DATABASE = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");
    private static final Map<String, String> CREATED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.values().forEach(TestStore::drop)));
    }

    private TestStore() {
    }

    /** Whether this run's tests use PostgreSQL. */
    public static boolean postgres() {
        return "postgresql".equals(System.getProperty("descartes.test.store", "sqlite"));
    }

    /** The PostgreSQL server the tests use (its database is only where the tests' own databases are made). */
    public static String postgresUrl() {
        String env = System.getenv("DESCARTES_TEST_POSTGRES_URL");
        return System.getProperty("descartes.test.postgres-url", env == null || env.isBlank() ? DEFAULT_POSTGRES_URL : env);
    }

    /** hub.db.url of the test's database, made empty on first use in this JVM. */
    public static String url(String file) {
        if (!postgres()) {
            return "jdbc:sqlite:" + file;
        }
        return postgresql(file);
    }

    /**
     * hub.db.url of the test's PostgreSQL database whatever store this run uses, made empty on first use in this JVM:
     * for tests of several hubs sharing one store, which only PostgreSQL is.
     */
    public static String postgresql(String file) {
        return CREATED.computeIfAbsent(file, f -> create(databaseName(f)));
    }

    /** hub.db.url of the test's database, emptied now (a SQLite file is deleted: the hub creates it again). */
    public static String fresh(String file) {
        if (!postgres()) {
            TestDatabase.deleteFiles(file);
            return url(file);
        }
        String url = create(databaseName(file));
        CREATED.put(file, url);
        return url;
    }

    private static String databaseName(String file) {
        String base = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.db$", "");
        return (base.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid()).toLowerCase();
    }

    private static String create(String name) {
        try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + postgresUrl()
                    + " (README \"PostgreSQL store\")", e);
        }
        Matcher m = DATABASE.matcher(postgresUrl());
        if (!m.matches()) {
            throw new IllegalStateException("descartes.test.postgres-url is no jdbc:postgresql://host:port/db URL");
        }
        return m.group(1) + name + m.group(3);
    }

    private static void drop(String url) {
        Matcher m = DATABASE.matcher(url);
        m.matches();
        try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + m.group(2) + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("test database not dropped: " + e.getMessage());
        }
    }
}
