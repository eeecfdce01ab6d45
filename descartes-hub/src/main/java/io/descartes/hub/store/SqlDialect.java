package io.descartes.hub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * What differs between the two stores, in one place: how the database is opened, where its migrations are, how the
 * journal's transaction starts, how it learns its events' ids and how it tells other hubs. Every statement elsewhere is the same on both
 * (upsert by ON CONFLICT, RETURNING; PostgreSQL's schema provides the SQLite json_patch, json_extract and rowid the
 * statements use).
 */
public enum SqlDialect {

    /** The embedded default: one file, one writer at a time. */
    SQLITE("jdbc:sqlite:", "classpath:db/migration",
            // the write lock up front: a transaction that reads (the key lookup) before it writes would
            // get SQLITE_BUSY at once, without the busy timeout, when another connection writes meanwhile
            List.of("BEGIN IMMEDIATE"), "SELECT last_insert_rowid()", null) {
        @Override
        DataSource open(DatabaseSettings s) throws IOException {
            createDatabaseFile(s.url());
            SQLiteDataSource ds = new SQLiteDataSource();
            ds.setUrl(s.url());
            ds.setJournalMode(s.journalMode());
            ds.setSynchronous(s.synchronous());
            ds.setBusyTimeout(s.busyTimeoutMs());
            ds.getConfig().setWalAutocheckpoint(s.walAutocheckpointPages());
            return ds;
        }
    },

    /**
     * A shared server. A bigserial id is taken when the row is inserted but seen when its transaction commits, so
     * two writers could commit ids out of order and a reader following {@code after=<id>} would skip the lower one
     * for ever. Every transaction that inserts events first takes one transaction-scoped advisory lock: ids are
     * taken and committed one transaction at a time, in id order, and a batch's ids are consecutive.
     */
    POSTGRESQL("jdbc:postgresql:", "classpath:db/postgresql",
            List.of("BEGIN", "SELECT pg_advisory_xact_lock(" + SqlDialect.EVENT_ORDER_LOCK + ")"),
            "SELECT currval(pg_get_serial_sequence('events', 'id'))",
            "SELECT pg_notify('" + SqlDialect.EVENTS_CHANNEL + "', ?)") {
        @Override
        DataSource open(DatabaseSettings s) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("hub-db");
            config.setJdbcUrl(s.url());
            if (!s.user().isEmpty()) {
                config.setUsername(s.user());
            }
            if (!s.password().isEmpty()) {
                config.setPassword(s.password());
            }
            config.setMaximumPoolSize(s.poolMaxSize());
            config.setMinimumIdle(s.poolMinIdle());
            config.setConnectionTimeout(s.connectionTimeoutMs());
            // the journal's JDBC batches go as multi-row INSERTs (bench/README "PostgreSQL group commit")
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            return new HikariDataSource(config);
        }
    };

    /**
     * The PostgreSQL channel a transaction that stored events notifies as it commits (payload: the writer's origin),
     * which wakes the event feed of every hub on the store (LISTEN; README "Running several hubs").
     */
    public static final String EVENTS_CHANNEL = "descartes_events";

    /** The advisory lock key that orders event inserts ("DESC" in ASCII): any constant other code does not use. */
    static final long EVENT_ORDER_LOCK = 0x44455343L;

    private final String urlPrefix;
    private final String migrations;
    private final List<String> beginEventWrite;
    private final String lastEventId;
    private final String notifyEvents;

    SqlDialect(String urlPrefix, String migrations, List<String> beginEventWrite, String lastEventId,
               String notifyEvents) {
        this.urlPrefix = urlPrefix;
        this.migrations = migrations;
        this.beginEventWrite = beginEventWrite;
        this.lastEventId = lastEventId;
        this.notifyEvents = notifyEvents;
    }

    /** The dialect of a JDBC URL (hub.db.url); any other kind of URL is refused with what is supported. */
    public static SqlDialect of(String url) {
        for (SqlDialect d : values()) {
            if (url != null && url.startsWith(d.urlPrefix)) {
                return d;
            }
        }
        throw new IllegalArgumentException("hub.db.url must start with jdbc:sqlite: or jdbc:postgresql:, got '"
                + withoutParameters(url) + "'");
    }

    /** The dialect of an open connection (for code handed a DataSource). */
    public static SqlDialect of(Connection c) throws SQLException {
        return of(c.getMetaData().getURL());
    }

    /** The Flyway location of this dialect's migrations. */
    public String migrations() {
        return migrations;
    }

    /** The statements that open a transaction that inserts events, in an auto-commit connection. */
    public List<String> beginEventWrite() {
        return beginEventWrite;
    }

    /** The statement that opens a transaction that writes but inserts no events (so takes no event-order lock). */
    public String beginWrite() {
        return beginEventWrite.get(0);
    }

    /** The id of the last event this connection inserted (a batch's ids end there: see {@link #beginEventWrite}). */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * The statement, with the writer's origin as its one parameter, that tells other hubs on the store that the
     * transaction stored events, delivered when (and only if) it commits; null where only one hub uses the store.
     */
    public String notifyEvents() {
        return notifyEvents;
    }

    /** Whether several hubs may share this store (and then follow each other's events). */
    public boolean shared() {
        return notifyEvents != null;
    }

    abstract DataSource open(DatabaseSettings settings) throws IOException;

    /** A URL to show in a message: its parameters may hold a password. */
    static String withoutParameters(String url) {
        return url == null ? null : url.split("\\?")[0];
    }

    /**
     * sqlite-jdbc does not create folders (a fresh checkout has no data/ yet), and SQLite would create the
     * file readable by everyone (the umask's 0644): the hub creates both, private to its user. SQLite gives
     * its -wal and -shm files the database file's mode; ones left by an older version are narrowed too.
     */
    private static void createDatabaseFile(String url) throws IOException {
        if (url.contains(":memory:")) {
            return;
        }
        Path file = Path.of(withoutParameters(url.substring(SQLITE.urlPrefix.length()))).toAbsolutePath();
        PrivatePaths.ownFile(file);
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Path companion = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(companion)) {
                PrivatePaths.ownFile(companion);
            }
        }
    }
}
