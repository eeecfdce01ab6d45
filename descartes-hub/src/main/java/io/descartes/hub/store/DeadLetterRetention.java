package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of the dead letters, in the event retention's route (routes/retention.camel.yaml, on with
 * hub.events.retention.enabled): deletes those received longer ago than the maximum age, then the oldest beyond the
 * maximum row count. Nothing refers to a dead letter, so any of them may go.
 */
public final class DeadLetterRetention {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRetention.class);
    private static final String DELETE_OLD = "DELETE FROM dead_letters WHERE id IN "
            + "(SELECT id FROM dead_letters WHERE received_at < ? ORDER BY id LIMIT ?)";
    /** The oldest rows below the newest {@code maxRows}. */
    private static final String DELETE_SURPLUS = "DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters "
            + "WHERE id <= (SELECT id FROM dead_letters ORDER BY id DESC LIMIT 1 OFFSET ?) ORDER BY id LIMIT ?)";

    private final DataSource dataSource;
    private final Duration maxAge;
    private final long maxRows;
    private final int batchSize;
    private final Clock clock;

    /** @param maxRows the most dead letters kept; 0 = no limit on the count */
    public DeadLetterRetention(DataSource dataSource, Duration maxAge, long maxRows, int batchSize, Clock clock) {
        if (maxAge.isNegative() || maxRows < 0 || batchSize < 1) {
            throw new IllegalArgumentException("dead-letter retention: max age and max rows must not be negative, "
                    + "the batch size must be >= 1");
        }
        this.dataSource = dataSource;
        this.maxAge = maxAge;
        this.maxRows = maxRows;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** Deletes what has expired now, a batch per transaction; returns how many dead letters went. */
    public long purge() throws SQLException {
        long deleted = deleteInBatches(DELETE_OLD, clock.instant().minus(maxAge).toEpochMilli());
        if (maxRows > 0) {
            deleted += deleteInBatches(DELETE_SURPLUS, maxRows);
        }
        if (deleted > 0) {
            LOG.info("dead-letter retention: deleted {} dead letters (older than {} or beyond the newest {})", deleted,
                    maxAge, maxRows == 0 ? "any number" : maxRows);
        }
        return deleted;
    }

    private long deleteInBatches(String sql, long bound) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, bound);
            ps.setInt(2, batchSize);
            long total = 0;
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == batchSize);
            return total;
        }
    }
}
