package io.descartes.hub.curve;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

import io.descartes.hub.zmq.ClientKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CURVE clients the hub admits: the keys configured in {@code hub.zmq.curve.allowed-clients}, the hub's own
 * (its routes that connect to its endpoints), and the issued, not revoked keys of {@code zmq_clients}
 * (db/migration/V22__zmq_clients.sql). The ZAP handler asks at every handshake and the hub's ZMQ routes at every
 * frame, so both read a copy in memory, replaced after each change and at every refresh.
 */
public final class ZmqClients implements ClientKeys {

    /** The client certificate the hub makes for its own user's tools (CLI, a local runner). */
    public static final String LOCAL = "local";
    private static final Logger LOG = LoggerFactory.getLogger(ZmqClients.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final Set<String> fixed;
    private volatile Set<String> admitted = Set.of();

    public ZmqClients(DataSource dataSource, Clock clock, Set<String> fixed) throws SQLException {
        this.dataSource = dataSource;
        this.clock = clock;
        this.fixed = Set.copyOf(fixed);
        refresh();
    }

    @Override
    public boolean admits(String z85PublicKey) {
        return admitted.contains(z85PublicKey);
    }

    public List<ZmqClient> list() throws SQLException {
        return query("SELECT name, public_key, created_at, revoked_at FROM zmq_clients ORDER BY created_at, name");
    }

    /** Registers the key under the name; empty when the name or the key is taken (revoked ones included). */
    public synchronized Optional<ZmqClient> issue(String name, String publicKey) throws SQLException {
        ZmqClient client = new ZmqClient(name, publicKey, clock.millis(), null);
        int inserted = update("INSERT INTO zmq_clients (name, public_key, created_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", name, publicKey, client.createdAt());
        if (inserted == 0) {
            return Optional.empty();
        }
        refresh();
        return Optional.of(client);
    }

    /** Revokes the name's key: its next handshake and its next frame on an open connection are refused. */
    public synchronized Optional<ZmqClient> revoke(String name) throws SQLException {
        update("UPDATE zmq_clients SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", clock.millis(), name);
        refresh();
        List<ZmqClient> rows = query("SELECT name, public_key, created_at, revoked_at FROM zmq_clients WHERE name = ?", name);
        return rows.stream().findFirst();
    }

    /**
     * The local client certificate's key under {@value #LOCAL}. A revoked one stays revoked; a different one (the
     * key folder was made anew) replaces an active row.
     */
    public synchronized void registerLocal(String publicKey) throws SQLException {
        Optional<ZmqClient> current = query("SELECT name, public_key, created_at, revoked_at FROM zmq_clients"
                + " WHERE name = ?", LOCAL).stream().findFirst();
        if (current.isEmpty()) {
            issue(LOCAL, publicKey);
        } else if (!current.get().publicKey().equals(publicKey)) {
            if (!current.get().active()) {
                LOG.warn("ZMQ: the local client certificate is not admitted: the name '{}' was revoked", LOCAL);
                return;
            }
            update("DELETE FROM zmq_clients WHERE name = ?", LOCAL);
            issue(LOCAL, publicKey);
            LOG.warn("ZMQ: the local client certificate changed (key folder made anew): the old key is no longer admitted");
        }
    }

    /**
     * Re-reads the table into the copy (after each change here, and every hub.zmq.curve.refresh-ms from the
     * zmq-clients-refresh route): keys issued or revoked through another hub of the same store take effect here too.
     */
    public synchronized void refresh() throws SQLException {
        Set<String> keys = new HashSet<>(fixed);
        for (ZmqClient client : list()) {
            if (client.active()) {
                keys.add(client.publicKey());
            }
        }
        admitted = Set.copyOf(keys);
    }

    private int update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private List<ZmqClient> query(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<ZmqClient> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long revoked = rs.getLong(4);
                    Long revokedAt = rs.wasNull() ? null : revoked;
                    rows.add(new ZmqClient(rs.getString(1), rs.getString(2), rs.getLong(3), revokedAt));
                }
            }
            return rows;
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
