package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes a batch of journal entries in ONE transaction: one insert per frame (seed 003), the
 * idempotency key beside it, the registry change in the same commit. Portable SQL only (upsert by
 * ON CONFLICT works on SQLite and PostgreSQL), so the store can move to a shared database later.
 *
 * <p>Used by the journal's single writer thread only, so it keeps one connection open across
 * batches: opening an SQLite connection costs far more than a small commit (measured in bench/:
 * 27 vs 363 single-event commits/s). A connection that failed is dropped and reopened.
 */
public final class JournalWriter implements AutoCloseable {

    private static final String FIND_KEY = "SELECT event_id FROM processed_messages WHERE message_key = ?";
    private static final String INSERT_EVENT =
            "INSERT INTO events (event_type, timestamp, agent_id, session_id, content, metadata) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
    private static final String INSERT_KEY = "INSERT INTO processed_messages (message_key, event_id) VALUES (?, ?)";
    private static final String UPSERT_AGENT =
            "INSERT INTO agents (id, name, status, zmq_address, created_at, updated_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, "
            + "name = COALESCE(?, agents.name), zmq_address = COALESCE(excluded.zmq_address, agents.zmq_address), "
            + "metadata = COALESCE(?, agents.metadata)";
    private static final String INSERT_DEAD_LETTER =
            "INSERT INTO dead_letters (received_at, endpoint, sender, error_code, reason, raw) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";

    private final DataSource dataSource;
    private final Clock clock;
    private Connection connection;
    private Statements statements;

    public JournalWriter(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Writes every entry or none; receipts are in the order of the entries. */
    public List<JournalReceipt> write(List<? extends JournalEntry> entries) throws SQLException {
        Connection c = connection();
        try {
            // with transactionMode=IMMEDIATE this takes the write lock (waiting up to the busy timeout)
            c.setAutoCommit(false);
            Batch batch = new Batch(statements, clock.millis());
            List<JournalReceipt> receipts = new ArrayList<>(entries.size());
            for (JournalEntry entry : entries) {
                receipts.add(entry instanceof EventEntry e ? batch.append(e) : batch.deadLetter((DeadLetterEntry) entry));
            }
            // commits without beginning the next transaction, as commit() would: the write lock stays free
            // between batches for the hub's other writers (secrets, leases, ...)
            c.setAutoCommit(true);
            return receipts;
        } catch (SQLException | RuntimeException e) {
            discard(c);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            statements = new Statements(connection);
        }
        return connection;
    }

    /** After a failure the transaction is rolled back and the connection replaced, whatever state it is in. */
    private void discard(Connection c) {
        try (c; Statements gone = statements) {
            c.rollback();
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
            try (Connection c = connection; Statements gone = statements) {
                connection = null;
                statements = null;
            }
        }
    }

    /** Statements prepared once per connection and reused by every batch on it. */
    private static final class Statements implements AutoCloseable {
        private final Connection c;
        private final Map<String, PreparedStatement> prepared = new HashMap<>();

        Statements(Connection c) {
            this.c = c;
        }

        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            return ps;
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : prepared.values()) {
                ps.close();
            }
            prepared.clear();
        }
    }

    /** One transaction's writes; keys seen earlier in the same batch count as recorded. */
    private static final class Batch {
        private final Statements statements;
        private final long nowMillis;
        private final Map<String, Long> keysInBatch = new HashMap<>();

        Batch(Statements statements, long nowMillis) {
            this.statements = statements;
            this.nowMillis = nowMillis;
        }

        JournalReceipt append(EventEntry e) throws SQLException {
            if (e.messageKey() != null) {
                Long known = recordedId(e.messageKey());
                if (known != null) {
                    return new JournalReceipt(known, true, nowMillis / 1000);
                }
            }
            if (e.agentChange() != null) {
                upsert(e.agentChange());
            }
            PreparedStatement insertEvent = statements.get(INSERT_EVENT);
            insertEvent.setString(1, e.eventType());
            insertEvent.setLong(2, nowMillis / 1000);
            insertEvent.setString(3, e.agentId());
            insertEvent.setString(4, e.sessionId());
            insertEvent.setString(5, e.content());
            insertEvent.setString(6, e.metadata());
            long id = returnedId(insertEvent);
            if (e.messageKey() != null) {
                PreparedStatement insertKey = statements.get(INSERT_KEY);
                insertKey.setString(1, e.messageKey());
                insertKey.setLong(2, id);
                insertKey.executeUpdate();
                keysInBatch.put(e.messageKey(), id);
            }
            return new JournalReceipt(id, false, nowMillis / 1000);
        }

        JournalReceipt deadLetter(DeadLetterEntry d) throws SQLException {
            PreparedStatement insertDeadLetter = statements.get(INSERT_DEAD_LETTER);
            insertDeadLetter.setLong(1, nowMillis);
            insertDeadLetter.setString(2, d.endpoint());
            insertDeadLetter.setString(3, d.sender());
            insertDeadLetter.setString(4, d.errorCode());
            insertDeadLetter.setString(5, d.reason());
            insertDeadLetter.setBytes(6, d.raw());
            return new JournalReceipt(returnedId(insertDeadLetter), false, nowMillis / 1000);
        }

        private Long recordedId(String key) throws SQLException {
            Long inBatch = keysInBatch.get(key);
            if (inBatch != null) {
                return inBatch;
            }
            PreparedStatement findKey = statements.get(FIND_KEY);
            findKey.setString(1, key);
            try (ResultSet rs = findKey.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }

        private void upsert(AgentChange a) throws SQLException {
            PreparedStatement upsertAgent = statements.get(UPSERT_AGENT);
            long now = nowMillis / 1000;
            upsertAgent.setString(1, a.agentId());
            upsertAgent.setString(2, a.name() == null ? a.agentId() : a.name());
            upsertAgent.setString(3, a.status());
            upsertAgent.setString(4, a.zmqAddress());
            upsertAgent.setLong(5, now);
            upsertAgent.setLong(6, now);
            upsertAgent.setString(7, a.metadata() == null ? "{}" : a.metadata());
            nullableString(upsertAgent, 8, a.name());
            nullableString(upsertAgent, 9, a.metadata());
            upsertAgent.executeUpdate();
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

        private static void nullableString(PreparedStatement ps, int index, String value) throws SQLException {
            if (value == null) {
                ps.setNull(index, Types.VARCHAR);
            } else {
                ps.setString(index, value);
            }
        }
    }
}
