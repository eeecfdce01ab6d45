package io.descartes.hub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * How the journal's group commit should hand a batch of events to PostgreSQL (bench/README "PostgreSQL group
 * commit"): one transaction per batch, as the journal writes it (advisory lock, the batch's rows, currval, COMMIT),
 * with the rows sent as (a) a JDBC batch of single-row INSERTs, (b) the same batch with pgjdbc's
 * reWriteBatchedInserts (multi-row INSERTs), (c) one INSERT ... SELECT FROM unnest(arrays). Rounds alternate the
 * three so a neighbour's load spoils all alike; prints the median rows/s of each and its ratio to (a).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.descartes.hub.bench.PgGroupCommit
 *   --url=jdbc:postgresql://127.0.0.1:5432/test?user=postgres --batch=512 --batches=40 --rounds=7</pre>
 * It makes a database of its own on that server and drops it at the end.
 */
public final class PgGroupCommit {

    private static final String COLUMNS = "(event_type, timestamp, agent_id, session_id, content, metadata)";
    /** One INSERT for a whole batch: one array per column (bound by {@link #bindColumns}). */
    static final String UNNEST_INSERT = "INSERT INTO events " + COLUMNS
            + " SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])";
    private static final String CONTENT = "{\"type\":\"log_stream\",\"data\":\"" + "x".repeat(120) + "\"}";

    public static void main(String[] args) throws Exception {
        String admin = Stats.arg(args, "url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        int batch = Integer.parseInt(Stats.arg(args, "batch", "512"));
        int batches = Integer.parseInt(Stats.arg(args, "batches", "40"));
        int rounds = Integer.parseInt(Stats.arg(args, "rounds", "7"));
        String name = "bench_group_commit_" + ProcessHandle.current().pid();
        execute(admin, "CREATE DATABASE " + name);
        try {
            String url = admin.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
            execute(url, "CREATE TABLE events (id BIGSERIAL PRIMARY KEY, event_type TEXT NOT NULL, timestamp BIGINT NOT NULL,"
                    + " agent_id TEXT, session_id TEXT, content TEXT NOT NULL, metadata TEXT)");
            String[] names = {"jdbc-batch", "rewritten-batch", "unnest"};
            List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int r = -1; r < rounds; r++) { // round -1 warms up
                for (int m = 0; m < names.length; m++) {
                    double rate = run(url, m, batch, batches);
                    if (r >= 0) {
                        rates.get(m).add(rate);
                    }
                }
            }
            double base = Stats.median(rates.get(0));
            for (int m = 0; m < names.length; m++) {
                System.out.printf("RESULT pg-group-commit %s batch=%d rows/s=%.0f ratio=%.2f%n",
                        names[m], batch, Stats.median(rates.get(m)), Stats.median(rates.get(m)) / base);
            }
        } finally {
            execute(admin, "DROP DATABASE " + name + " WITH (FORCE)");
        }
    }

    private static double run(String url, int mode, int batch, int batches) throws SQLException {
        String withRewrite = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=" + (mode == 1);
        try (Connection c = DriverManager.getConnection(withRewrite)) {
            PreparedStatement insert = c.prepareStatement(mode == 2
                    ? UNNEST_INSERT : "INSERT INTO events " + COLUMNS + " VALUES (?, ?, ?, ?, ?, ?)");
            PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(1)");
            PreparedStatement last = c.prepareStatement("SELECT currval(pg_get_serial_sequence('events', 'id'))");
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                c.createStatement().execute("BEGIN");
                lock.execute();
                if (mode == 2) {
                    unnest(c, insert, batch);
                } else {
                    for (int i = 0; i < batch; i++) {
                        insert.setString(1, "log_stream");
                        insert.setLong(2, 1_700_000_000L);
                        insert.setString(3, "agent-" + (i % 8));
                        insert.setString(4, null);
                        insert.setString(5, CONTENT);
                        insert.setString(6, "{}");
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                try (ResultSet rs = last.executeQuery()) {
                    rs.next();
                }
                c.createStatement().execute("COMMIT");
            }
            return (double) batch * batches / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void unnest(Connection c, PreparedStatement insert, int batch) throws SQLException {
        String[] types = new String[batch];
        Long[] times = new Long[batch];
        String[] agents = new String[batch];
        String[] sessions = new String[batch];
        String[] contents = new String[batch];
        String[] metadata = new String[batch];
        for (int i = 0; i < batch; i++) {
            types[i] = "log_stream";
            times[i] = 1_700_000_000L;
            agents[i] = "agent-" + (i % 8);
            contents[i] = CONTENT;
            metadata[i] = "{}";
        }
        bindColumns(c, insert, types, times, agents, sessions, contents, metadata);
        insert.executeUpdate();
    }

    /** Binds one array per column, in order: bigint for a Long[] column, text for a String[] one. */
    static void bindColumns(Connection c, PreparedStatement insert, Object[]... columns) throws SQLException {
        for (int p = 0; p < columns.length; p++) {
            insert.setArray(p + 1, c.createArrayOf(columns[p] instanceof Long[] ? "bigint" : "text", columns[p]));
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
