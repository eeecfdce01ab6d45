package io.descartes.hub.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

import io.descartes.hub.store.EventJournal;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** The event store is reachable and its single writer is running. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

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
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(2)) {
                builder.message("database connection is not valid").down();
                return;
            }
            builder.up();
        } catch (SQLException e) {
            builder.message("database unreachable: " + e.getMessage()).error(e).down();
        }
    }
}
