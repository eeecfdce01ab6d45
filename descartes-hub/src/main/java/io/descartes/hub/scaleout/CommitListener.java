package io.descartes.hub.scaleout;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.store.HubDataSource;
import io.descartes.hub.store.SqlDialect;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs, on a PostgreSQL connection of its own (not the pool's), for the commit notifications of every hub's journal
 * ({@link SqlDialect#EVENTS_CHANNEL}) and wakes the {@link EventFeed} for those of other hubs. A notification is only a
 * wake-up: the feed reads the store after its cursor, so one missed while the connection was down costs nothing; after
 * every (re)connection the feed is woken once to read what was committed meanwhile.
 */
final class CommitListener extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CommitListener.class);
    /** How long one wait for notifications lasts; also how soon a stop is noticed. */
    private static final int POLL_MS = 500;
    /** A connection that has been quiet this long is checked, so a dead one is replaced. */
    private static final long CHECK_AFTER_MS = 10_000;

    private final HubDataSource dataSource;
    private final EventFeed feed;
    private final String ownOrigin;
    private final long reconnectMaxMillis;
    private volatile boolean running;
    private Thread thread;

    CommitListener(HubDataSource dataSource, EventFeed feed, String ownOrigin, long reconnectMaxMillis) {
        this.dataSource = dataSource;
        this.feed = feed;
        this.ownOrigin = ownOrigin;
        this.reconnectMaxMillis = reconnectMaxMillis;
    }

    @Override
    protected void doStart() {
        running = true;
        thread = new Thread(this::listen, "descartes-commit-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            thread = null;
        }
    }

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection c = dataSource.unpooledConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + SqlDialect.EVENTS_CHANNEL);
                }
                backoff = 100;
                // what other hubs committed before the LISTEN (or while the connection was down); the journal may
                // still be starting
                while (running && !feed.wake()) {
                    sleepWhileRunning(100);
                }
                follow(c);
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("event feed: listening for other hubs' commits failed ({}); reconnecting in {} ms",
                            e.getMessage(), backoff);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                sleepWhileRunning(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, reconnectMaxMillis);
        }
    }

    private void follow(Connection c) throws SQLException, InterruptedException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] notifications = pg.getNotifications(POLL_MS);
            boolean others = false;
            for (PGNotification n : notifications == null ? new PGNotification[0] : notifications) {
                others |= !ownOrigin.equals(n.getParameter());
            }
            if (others) {
                feed.wake();
            }
            if (notifications != null && notifications.length > 0) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(CHECK_AFTER_MS)) {
                if (!c.isValid(5)) {
                    throw new SQLException("the listening connection is no longer valid");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    private void sleepWhileRunning(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(100, millis));
        }
    }
}
