package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.apache.camel.support.service.ServiceSupport;

/**
 * This hub's presence on a shared store (bean {@code hubPresence}), so other hubs can tell whether it still runs: from
 * its start to its end the hub's own session holds a session-level advisory lock named after its instance id, which
 * PostgreSQL releases when that session ends (the hub stopped, was killed, or lost its connection). What a hub
 * records as its own (the embedded runner's agents) carries the instance id; another hub finds the owner alive when it
 * cannot take that lock. On a store only one hub uses (SQLite) no other instance is ever alive.
 */
public final class HubPresence extends ServiceSupport {

    /** First half of the presence locks' keys (the second is the instance's hash): "DESH" in ASCII. */
    private static final int PRESENCE_LOCKS = 0x44455348;

    private final HubDataSource dataSource;
    private final boolean shared;
    private final String instance = UUID.randomUUID().toString();
    private Connection held;

    /** @param dataSource the store (unused, may be null, when it is not shared) */
    public HubPresence(HubDataSource dataSource, boolean shared) {
        this.dataSource = dataSource;
        this.shared = shared;
    }

    /** This start of this hub. */
    public String instance() {
        return instance;
    }

    /** Whether other hubs share the store, so that another instance can be alive. */
    public boolean shared() {
        return shared;
    }

    /** Whether the hub instance that recorded something still runs. */
    public boolean alive(String other) throws SQLException {
        if (instance.equals(other)) {
            return true;
        }
        if (!shared) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            if (!lock(c, "pg_try_advisory_lock", other)) {
                return true;
            }
            lock(c, "pg_advisory_unlock", other);
            return false;
        }
    }

    @Override
    protected void doStart() throws SQLException {
        if (shared) {
            held = dataSource.unpooledConnection();
            lock(held, "pg_advisory_lock", instance);
        }
    }

    @Override
    protected void doStop() throws SQLException {
        if (held != null) {
            try (Connection c = held) {
                held = null;
            }
        }
    }

    /** Calls an advisory lock function on the instance's key; its boolean answer, true for pg_advisory_lock's void. */
    private static boolean lock(Connection c, String function, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?, hashtext(?))")) {
            ps.setInt(1, PRESENCE_LOCKS);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1) instanceof Boolean b ? b : true;
            }
        }
    }
}
