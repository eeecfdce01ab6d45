package io.descartes.hub.bus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

import io.descartes.hub.store.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of the bus ({@code hub.bus.retention.*}, run by the bus-retention route): deletes finished messages, with
 * their deliveries and their event, once they are older than the maximum age. A message is finished when nothing more
 * will happen to it: no delivery pending or waiting for an ack (each is delivered without ack, acked, expired or
 * dead), no request waiting for its answer, and no delivery changed within the maximum age either. The idempotency
 * keys stay, as with event retention: a message re-sent after it went is still a duplicate.
 */
public final class BusRetention {

    private static final Logger LOG = LoggerFactory.getLogger(BusRetention.class);

    private static final String FINISHED = "SELECT m.event_id FROM bus_messages m JOIN events e ON e.id = m.event_id "
            + "WHERE e.timestamp < ? AND m.reply_deadline IS NULL AND NOT EXISTS (SELECT 1 FROM bus_deliveries d "
            + "WHERE d.event_id = m.event_id AND (d.updated_at >= ? OR d.state = 'pending' "
            + "OR (d.state = 'delivered' AND m.requires_ack = 1))) ORDER BY m.event_id LIMIT ?";
    private static final String[] DELETES = {
        "DELETE FROM bus_deliveries WHERE event_id IN (%s)",
        "DELETE FROM bus_messages WHERE event_id IN (%s)",
        "DELETE FROM events WHERE id IN (%s)"};

    private final DataSource ds;
    private final Duration maxAge;
    private final int batchSize;
    private final Clock clock;

    public BusRetention(DataSource ds, Duration maxAge, int batchSize, Clock clock) {
        if (maxAge.isNegative() || batchSize < 1) {
            throw new IllegalArgumentException("hub.bus.retention.max-age must not be negative, batch-size must be >= 1");
        }
        this.ds = ds;
        this.maxAge = maxAge;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** Deletes the messages finished before the maximum age, a batch per transaction; returns how many went. */
    public long purge() throws SQLException {
        long cutoffMillis = clock.instant().minus(maxAge).toEpochMilli();
        long deleted = 0;
        try (Connection c = ds.getConnection(); Statement tx = c.createStatement()) {
            String begin = SqlDialect.of(c).beginWrite();
            int n;
            do {
                tx.execute(begin);
                try {
                    n = deleteBatch(c, cutoffMillis);
                    tx.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    tx.execute("ROLLBACK");
                    throw e;
                }
                deleted += n;
            } while (n == batchSize);
        }
        if (deleted > 0) {
            LOG.info("bus retention: deleted {} messages finished before {}", deleted, clock.instant().minus(maxAge));
        }
        return deleted;
    }

    /** One batch in the open transaction (the journal writer waits for one batch at most). */
    private int deleteBatch(Connection c, long cutoffMillis) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement find = c.prepareStatement(FINISHED)) {
            find.setLong(1, cutoffMillis / 1000); // events.timestamp is in epoch seconds
            find.setLong(2, cutoffMillis);
            find.setInt(3, batchSize);
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        String placeholders = String.join(", ", Collections.nCopies(ids.size(), "?"));
        for (String delete : DELETES) {
            try (PreparedStatement ps = c.prepareStatement(delete.formatted(placeholders))) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(i + 1, ids.get(i));
                }
                ps.executeUpdate();
            }
        }
        return ids.size();
    }
}
