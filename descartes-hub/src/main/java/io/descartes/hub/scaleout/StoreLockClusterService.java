package io.descartes.hub.scaleout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.store.HubDataSource;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster service behind the hub's {@code master:} routes (the singletons: lost-runner sweep, event retention).
 * On a shared PostgreSQL store a namespace's leader is the hub whose session holds the namespace's advisory lock
 * ({@code pg_try_advisory_lock}, on a connection of its own): PostgreSQL releases it when that session ends, so when
 * the leader dies its connection closes and another hub takes the lock on its next try. A leader whose connection
 * fails gives the lead up at once; PostgreSQL may see the session end only later, so the jobs are idempotent SQL (a
 * sweep that finds nothing to do does nothing). With one hub on the store (SQLite) this hub leads every namespace.
 */
public final class StoreLockClusterService extends AbstractCamelClusterService<StoreLockClusterService.View> {

    private static final Logger LOG = LoggerFactory.getLogger(StoreLockClusterService.class);
    /** First half of every namespace's lock key (the second is the namespace's hash): "DESM" in ASCII. */
    private static final int LOCK_SPACE = 0x4445534D;

    private final HubDataSource dataSource;
    private final boolean shared;
    private final long retryMillis;

    /**
     * @param dataSource  the store (unused, may be null, when not shared)
     * @param shared      whether other hubs may use the store (PostgreSQL): then leadership is the store's lock
     * @param retryMillis how often a follower tries the lock, and a leader checks its connection
     */
    public StoreLockClusterService(HubDataSource dataSource, boolean shared, long retryMillis) {
        super("descartes-store-lock");
        this.dataSource = dataSource;
        this.shared = shared;
        this.retryMillis = retryMillis;
    }

    @Override
    protected View createView(String namespace) {
        return new View(namespace);
    }

    /** One namespace: this hub's bid for its lock, on a thread of its own. */
    final class View extends AbstractCamelClusterView {
        private final Member local = new Member();
        private volatile boolean leader;
        private volatile boolean running;
        private Thread thread;
        private Connection connection;

        View(String namespace) {
            super(StoreLockClusterService.this, namespace);
        }

        @Override
        protected void doStart() {
            running = true;
            if (!shared) {
                lead(true);
                return;
            }
            thread = new Thread(this::bid, "descartes-singleton-" + getNamespace());
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        protected void doStop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(10));
                thread = null;
            }
            lead(false);
        }

        private void bid() {
            while (running) {
                try {
                    if (!leader && tryLock()) {
                        LOG.info("singleton {}: this hub leads it now", getNamespace());
                        lead(true);
                    } else if (leader && !connection.isValid(5)) {
                        throw new SQLException("the lock's connection is no longer valid");
                    }
                } catch (SQLException e) {
                    if (leader) {
                        LOG.warn("singleton {}: lead given up, the lock's connection failed: {}", getNamespace(),
                                e.getMessage());
                    }
                    lead(false);
                }
                try {
                    Thread.sleep(retryMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private boolean tryLock() throws SQLException {
            if (connection == null) {
                connection = dataSource.unpooledConnection();
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_SPACE);
                ps.setString(2, getNamespace());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }

        /** Leading ends with the session that holds the lock: closing it releases the lock. */
        private synchronized void lead(boolean leads) {
            if (!leads && connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the session is gone either way, and with it the lock
                }
                connection = null;
            }
            if (leader != leads) {
                leader = leads;
                fireLeadershipChangedEvent(leads ? Optional.of(local) : Optional.empty());
            }
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leader ? Optional.of(local) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        /** The store does not tell who else bids: the view knows this hub only. */
        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        private final class Member implements CamelClusterMember {
            @Override
            public boolean isLeader() {
                return leader;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return getClusterService().getId();
            }
        }
    }
}
