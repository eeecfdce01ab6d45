package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes a batch of journal entries in ONE transaction: one insert per frame (seed 003), the
 * idempotency key beside it, the registry change in the same commit. The statements are portable (upsert by
 * ON CONFLICT works on SQLite and PostgreSQL); the transaction's start, the batch's ids and the notification of a
 * commit that stored events (PostgreSQL: one NOTIFY per transaction, for the other hubs' event feeds) are the
 * {@link SqlDialect}'s.
 *
 * <p>Used by the journal's single writer thread only, so it keeps one connection open across
 * batches: opening an SQLite connection costs far more than a small commit (measured in bench/:
 * 27 vs 363 single-event commits/s). A connection that failed is dropped and reopened.
 */
public final class JournalWriter implements AutoCloseable {

    /** Keys looked up per query: one round trip for many rows, one prepared statement for every batch size. */
    private static final int KEY_CHUNK = 64;
    private static final String FIND_KEYS = "SELECT message_key, event_id FROM processed_messages WHERE message_key IN ("
            + String.join(", ", Collections.nCopies(KEY_CHUNK, "?")) + ")";
    private static final String INSERT_EVENT =
            "INSERT INTO events (event_type, timestamp, agent_id, session_id, content, metadata) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_KEY = "INSERT INTO processed_messages (message_key, event_id) VALUES (?, ?)";
    /**
     * The metadata is merged as a JSON merge patch (RFC 7396, SQLite's json_patch): each event sets only what it knows.
     * A spawn's status keeps a final one already stored ({@link AgentChange#spawned}).
     */
    private static final String UPSERT_AGENT =
            "INSERT INTO agents (id, name, status, zmq_address, created_at, updated_at, metadata) "
            + "VALUES (?, ?, ?, ?, ?, ?, json_patch('{}', ?)) "
            + "ON CONFLICT (id) DO UPDATE SET status = CASE WHEN ? = 1 AND agents.status IN " + AgentStore.TERMINAL
            + " THEN agents.status ELSE excluded.status END, updated_at = excluded.updated_at, "
            + "name = COALESCE(?, agents.name), zmq_address = COALESCE(excluded.zmq_address, agents.zmq_address), "
            + "metadata = COALESCE(json_patch(COALESCE(agents.metadata, '{}'), ?), agents.metadata)";
    private static final String INSERT_DEAD_LETTER =
            "INSERT INTO dead_letters (received_at, endpoint, sender, error_code, reason, raw, raw_size, raw_sha256) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

    private final DataSource dataSource;
    private final Clock clock;
    /** This writer's name in its commits' notifications, by which its own hub tells them from other hubs'. */
    private final String origin = UUID.randomUUID().toString();
    private Connection connection;
    private SqlDialect dialect;
    private StatementCache statements;

    public JournalWriter(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Writes every entry or none; receipts are in the order of the entries. */
    public List<JournalReceipt> write(List<? extends JournalEntry> entries) throws SQLException {
        Connection c = connection();
        try {
            for (String begin : dialect.beginEventWrite()) {
                statements.get(begin).execute();
            }
            List<JournalReceipt> receipts = new Batch(statements, dialect, clock.millis()).write(entries);
            if (dialect.notifyEvents() != null && storedEvents(entries, receipts)) {
                PreparedStatement notify = statements.get(dialect.notifyEvents());
                notify.setString(1, origin);
                notify.execute();
            }
            statements.get("COMMIT").execute();
            return receipts;
        } catch (SQLException | RuntimeException e) {
            discard(c);
            throw e;
        }
    }

    /** The payload of this writer's commit notifications (see {@link SqlDialect#notifyEvents}). */
    public String origin() {
        return origin;
    }

    private static boolean storedEvents(List<? extends JournalEntry> entries, List<JournalReceipt> receipts) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).eventEntry() != null && !receipts.get(i).duplicate()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection stays in auto-commit mode and each batch runs BEGIN ... COMMIT itself:
     * with auto-commit off the driver would open the next transaction right after each commit and keep
     * the database's write lock between batches, locking every other writer out.
     */
    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            dialect = SqlDialect.of(connection);
            statements = new StatementCache(connection);
        }
        return connection;
    }

    /** After a failure the connection is replaced: closing it rolls back whatever the batch had begun. */
    private void discard(Connection c) {
        try (c; StatementCache gone = statements) {
            // closed by try-with-resources
        } catch (SQLException ignored) {
            // the connection is gone either way; the next batch opens a new one
        } finally {
            connection = null;
            statements = null;
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            try (Connection c = connection; StatementCache gone = statements) {
                connection = null;
                statements = null;
            }
        }
    }

    static void nullableString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /**
     * One transaction's writes, in as few statement executions as the batch allows: the idempotency keys are looked
     * up {@value #KEY_CHUNK} at a time, the registry changes, new rows and their keys go in JDBC batches. Keys seen
     * earlier in the same batch count as recorded. A new bus message's routing row and deliveries follow its event; bus
     * acks come last.
     */
    private static final class Batch {
        private final StatementCache statements;
        private final SqlDialect dialect;
        private final BusWrites busWrites;
        private final long nowMillis;
        /** The commit time of every row of the batch, in the epoch seconds of the seed schema's timestamps. */
        private final long nowSeconds;

        Batch(StatementCache statements, SqlDialect dialect, long nowMillis) {
            this.statements = statements;
            this.dialect = dialect;
            this.busWrites = new BusWrites(statements, nowMillis);
            this.nowMillis = nowMillis;
            this.nowSeconds = nowMillis / 1000;
        }

        List<JournalReceipt> write(List<? extends JournalEntry> entries) throws SQLException {
            JournalReceipt[] receipts = new JournalReceipt[entries.size()];
            Map<String, Long> recorded = recordedIds(entries);
            Map<String, Integer> firstInBatch = new HashMap<>();
            List<Integer> fresh = new ArrayList<>();
            List<Integer> resent = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                EventEntry e = entries.get(i).eventEntry();
                if (e == null) {
                    continue;
                }
                String key = e.messageKey();
                Long known = key == null ? null : recorded.get(key);
                if (known != null) {
                    receipts[i] = new JournalReceipt(known, true, nowSeconds);
                } else if (key != null && firstInBatch.putIfAbsent(key, i) != null) {
                    resent.add(i);
                } else {
                    fresh.add(i);
                    addEvent(e);
                }
            }
            if (!fresh.isEmpty()) {
                statements.get(UPSERT_AGENT).executeBatch(); // the registry follows the log, in arrival order
                statements.get(INSERT_EVENT).executeBatch();
                long id = lastInsertedId() - fresh.size() + 1;
                for (int i : fresh) {
                    receipts[i] = new JournalReceipt(id, false, nowSeconds);
                    addKey(entries.get(i).eventEntry().messageKey(), id++);
                }
                statements.get(INSERT_KEY).executeBatch();
                for (int i : fresh) {
                    if (entries.get(i) instanceof BusMessageEntry bus) {
                        busWrites.write(bus, receipts[i].id());
                    }
                }
            }
            for (int i : resent) {
                int first = firstInBatch.get(entries.get(i).eventEntry().messageKey());
                receipts[i] = new JournalReceipt(receipts[first].id(), true, nowSeconds);
            }
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i) instanceof DeadLetterEntry d) {
                    receipts[i] = deadLetter(d);
                } else if (entries.get(i) instanceof BusAckEntry a) {
                    receipts[i] = new JournalReceipt(busWrites.ack(a), false, nowSeconds);
                }
            }
            return List.of(receipts);
        }

        private void addEvent(EventEntry e) throws SQLException {
            if (e.agentChange() != null) {
                addUpsert(e.agentChange());
            }
            PreparedStatement insertEvent = statements.get(INSERT_EVENT);
            insertEvent.setString(1, e.eventType());
            insertEvent.setLong(2, nowSeconds);
            insertEvent.setString(3, e.agentId());
            insertEvent.setString(4, e.sessionId());
            insertEvent.setString(5, e.content());
            insertEvent.setString(6, e.metadata());
            insertEvent.addBatch();
        }

        private void addKey(String key, long eventId) throws SQLException {
            if (key != null) {
                PreparedStatement insertKey = statements.get(INSERT_KEY);
                insertKey.setString(1, key);
                insertKey.setLong(2, eventId);
                insertKey.addBatch();
            }
        }

        /**
         * The last event id this connection inserted. The batch holds the dialect's write lock and inserts its
         * new events in one go, so their ids are consecutive and end here.
         */
        private long lastInsertedId() throws SQLException {
            try (ResultSet rs = statements.get(dialect.lastEventId()).executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no last inserted id");
                }
                return rs.getLong(1);
            }
        }

        JournalReceipt deadLetter(DeadLetterEntry d) throws SQLException {
            PreparedStatement insertDeadLetter = statements.get(INSERT_DEAD_LETTER);
            insertDeadLetter.setLong(1, nowMillis);
            insertDeadLetter.setString(2, d.endpoint());
            insertDeadLetter.setString(3, d.sender());
            insertDeadLetter.setString(4, d.errorCode());
            insertDeadLetter.setString(5, d.reason());
            insertDeadLetter.setBytes(6, d.head());
            insertDeadLetter.setLong(7, d.size());
            insertDeadLetter.setString(8, d.sha256());
            return new JournalReceipt(returnedId(insertDeadLetter), false, nowSeconds);
        }

        /** The stored event id of every key of the batch that is already recorded; unused placeholders stay NULL. */
        private Map<String, Long> recordedIds(List<? extends JournalEntry> entries) throws SQLException {
            List<String> keys = new ArrayList<>(entries.size());
            for (JournalEntry entry : entries) {
                EventEntry e = entry.eventEntry();
                if (e != null && e.messageKey() != null) {
                    keys.add(e.messageKey());
                }
            }
            Map<String, Long> recorded = new HashMap<>();
            PreparedStatement findKeys = statements.get(FIND_KEYS);
            for (int from = 0; from < keys.size(); from += KEY_CHUNK) {
                for (int p = 0; p < KEY_CHUNK; p++) {
                    int k = from + p;
                    nullableString(findKeys, p + 1, k < keys.size() ? keys.get(k) : null);
                }
                try (ResultSet rs = findKeys.executeQuery()) {
                    while (rs.next()) {
                        recorded.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return recorded;
        }

        private void addUpsert(AgentChange a) throws SQLException {
            PreparedStatement upsertAgent = statements.get(UPSERT_AGENT);
            upsertAgent.setString(1, a.agentId());
            upsertAgent.setString(2, a.name() == null ? a.agentId() : a.name());
            upsertAgent.setString(3, a.status());
            upsertAgent.setString(4, a.zmqAddress());
            upsertAgent.setLong(5, nowSeconds);
            upsertAgent.setLong(6, nowSeconds);
            upsertAgent.setString(7, a.metadata() == null ? "{}" : a.metadata());
            upsertAgent.setInt(8, a.spawned() ? 1 : 0);
            nullableString(upsertAgent, 9, a.name());
            nullableString(upsertAgent, 10, a.metadata());
            upsertAgent.addBatch();
        }

        /**
         * The id from INSERT ... RETURNING (SQLite 3.35+, PostgreSQL): getGeneratedKeys on a reused
         * sqlite-jdbc statement returned stale ids under concurrent load, seen as events broadcast
         * under another event's id.
         */
        private static long returnedId(PreparedStatement ps) throws SQLException {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("insert returned no id");
                }
                return rs.getLong(1);
            }
        }
    }
}
