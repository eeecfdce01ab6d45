package io.descartes.hub.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

import io.descartes.hub.store.EventJournal;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The event store is reachable, takes writes, and its single writer is running. Each call commits one
 * row ({@code write_probe}): a database that refuses writes (a full disk, a write lock held past the busy
 * timeout) is DOWN for /health and readiness, since every event would be refused, and UP again once a
 * write commits.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final String PROBE = "UPDATE write_probe SET written_at = ? WHERE id = 1";

    private final DataSource dataSource;
    private final EventJournal journal;

    public DatabaseHealthCheck(DataSource dataSource, EventJournal journal) {
        super("descartes", "database");
        this.dataSource = dataSource;
        this.journal = journal;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("journal.queue.depth", journal.queueDepth());
        builder.detail("journal.batches", journal.committedBatches());
        if (!journal.isRunning()) {
            builder.message("event journal writer is not running").down();
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement probe = c.prepareStatement(PROBE)) {
            probe.setLong(1, System.currentTimeMillis());
            if (probe.executeUpdate() != 1) {
                builder.message("database write probe found no row in write_probe").down();
                return;
            }
            builder.up();
        } catch (SQLException e) {
            builder.message("database refuses writes: " + e.getMessage()).error(e).down();
        }
    }
}
