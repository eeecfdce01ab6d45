package io.descartes.hub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.descartes.hub.store.SqlDialect;
import org.flywaydb.core.Flyway;

/**
 * The hand-written baseline's PostgreSQL store (bench/README "Several hubs on one PostgreSQL"): the hub's schema (its
 * own Flyway migrations), and per batch the transaction the hub's journal writes on PostgreSQL, by hand: the
 * event-order advisory lock (so several servers on one database keep ids consecutive and in commit order, as the
 * hubs do), the events as one {@code unnest} INSERT (the fastest form in {@link PgGroupCommit}), {@code currval}, the
 * idempotency keys as a second {@code unnest} INSERT, one {@code pg_notify} (the wake-up the hubs send), COMMIT. One
 * long-lived connection; no duplicate lookup (the load harness never re-sends).
 */
final class PgBaselineStore implements BaselineEventServer.BaselineStore {

    private final Connection c;
    private final PreparedStatement lock;
    private final PreparedStatement insertEvents;
    private final PreparedStatement lastId;
    private final PreparedStatement insertKeys;
    private final PreparedStatement notify;

    PgBaselineStore(String url) throws SQLException {
        Flyway.configure().dataSource(url, null, null).locations(SqlDialect.POSTGRESQL.migrations()).load().migrate();
        c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        lock = c.prepareStatement("SELECT pg_advisory_xact_lock(1)");
        insertEvents = c.prepareStatement(PgGroupCommit.UNNEST_INSERT);
        lastId = c.prepareStatement("SELECT currval(pg_get_serial_sequence('events', 'id'))");
        insertKeys = c.prepareStatement(
                "INSERT INTO processed_messages (message_key, event_id) SELECT * FROM unnest(?::text[], ?::bigint[])");
        notify = c.prepareStatement("SELECT pg_notify('" + SqlDialect.EVENTS_CHANNEL + "', 'baseline')");
    }

    @Override
    public long commit(List<BaselineEventServer.StoredEvent> batch, long now) throws SQLException {
        int n = batch.size();
        String[] types = new String[n];
        Long[] times = new Long[n];
        String[] agents = new String[n];
        String[] contents = new String[n];
        String[] metadata = new String[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            BaselineEventServer.StoredEvent e = batch.get(i);
            types[i] = "log_stream";
            times[i] = now / 1000;
            agents[i] = e.event().agentId().toString();
            contents[i] = e.content();
            metadata[i] = e.metadata();
            keys[i] = e.event().naturalKey();
        }
        try {
            lock.execute();
            PgGroupCommit.bindColumns(c, insertEvents, types, times, agents, new String[n], contents, metadata);
            insertEvents.executeUpdate();
            long first;
            try (ResultSet rs = lastId.executeQuery()) {
                rs.next();
                first = rs.getLong(1) - n + 1; // under the lock: the batch's ids are consecutive
            }
            Long[] ids = new Long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = first + i;
            }
            PgGroupCommit.bindColumns(c, insertKeys, keys, ids);
            insertKeys.executeUpdate();
            notify.execute();
            c.commit();
            return first;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
