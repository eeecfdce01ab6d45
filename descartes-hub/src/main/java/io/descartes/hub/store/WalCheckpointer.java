package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints SQLite's WAL on a connection and thread of its own (hub.db.sqlite.checkpoint-interval-ms). Left to
 * SQLite, the commit that takes the WAL past {@code wal_autocheckpoint} pages copies it into the database file and
 * syncs both, on the journal writer's thread: that commit, and every reply queued behind it, waits several ms. A
 * PASSIVE checkpoint takes no write lock, so the writer commits on meanwhile; the committing connection's own
 * checkpoint (hub.db.sqlite.wal-autocheckpoint) stays as the backstop should this one fall behind.
 */
public final class WalCheckpointer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final DataSource dataSource;
    private final long intervalMillis;
    private final CamelContext context;
    private ScheduledExecutorService timer;
    private Connection connection;

    public WalCheckpointer(DataSource dataSource, long intervalMillis, CamelContext context) {
        this.dataSource = dataSource;
        this.intervalMillis = intervalMillis;
        this.context = context;
    }

    /** One PASSIVE checkpoint: copies what no reader still needs and returns, never waiting for the writer. */
    void checkpoint() {
        try {
            if (connection == null) {
                connection = dataSource.getConnection();
            }
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint failed, the next one reopens its connection: {}", e.getMessage());
            closeConnection();
        }
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "wal-checkpoint");
        timer.scheduleWithFixedDelay(this::checkpoint, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (timer != null) {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            context.getExecutorServiceManager().shutdown(timer);
            timer = null;
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // gone either way
            }
            connection = null;
        }
    }
}
