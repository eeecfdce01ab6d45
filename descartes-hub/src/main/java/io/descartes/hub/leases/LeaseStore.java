package io.descartes.hub.leases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Leases in the {@code leases} table. Each operation is ONE statement, so the database decides
 * races: an acquire takes a resource only if it is free, released or expired at the moment of the
 * write, and renew/release only succeed for the current holder with the current token before
 * expiry. The fencing token is the row's counter, incremented by every grant and never reset.
 * Portable SQL (upsert with a WHERE, RETURNING: SQLite and PostgreSQL).
 */
public final class LeaseStore {

    private static final String ACQUIRE =
            "INSERT INTO leases (resource, holder, token, expires_at, acquired_at) VALUES (?, ?, 1, ?, ?) "
            + "ON CONFLICT (resource) DO UPDATE SET holder = excluded.holder, token = leases.token + 1, "
            + "expires_at = excluded.expires_at, acquired_at = excluded.acquired_at "
            + "WHERE leases.holder IS NULL OR leases.expires_at <= ? "
            + "RETURNING token, expires_at";
    private static final String RENEW =
            "UPDATE leases SET expires_at = ? WHERE resource = ? AND holder = ? AND token = ? AND expires_at > ? "
            + "RETURNING token, expires_at";
    private static final String RELEASE =
            "UPDATE leases SET holder = NULL, expires_at = 0 WHERE resource = ? AND holder = ? AND token = ? "
            + "AND expires_at > ? RETURNING token, expires_at";
    private static final String LIVE =
            "SELECT resource, holder, token, expires_at FROM leases WHERE holder IS NOT NULL AND expires_at > ? "
            + "ORDER BY resource";

    private final DataSource dataSource;
    private final Clock clock;

    public LeaseStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The new lease, or empty when someone holds the resource and it has not expired. */
    public Optional<Lease> acquire(String resource, String holder, long ttlMillis) throws SQLException {
        long now = clock.millis();
        return change(resource, holder, ACQUIRE, resource, holder, now + ttlMillis, now, now);
    }

    /** The extended lease, or empty when {@code holder} with {@code token} no longer holds it (expired, taken, released). */
    public Optional<Lease> renew(String resource, String holder, long token, long ttlMillis) throws SQLException {
        long now = clock.millis();
        return change(resource, holder, RENEW, now + ttlMillis, resource, holder, token, now);
    }

    /** The released lease, or empty when {@code holder} with {@code token} does not hold it. */
    public Optional<Lease> release(String resource, String holder, long token) throws SQLException {
        long now = clock.millis();
        return change(resource, holder, RELEASE, resource, holder, token, now);
    }

    /** Leases held now. */
    public List<Lease> live() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LIVE)) {
            ps.setLong(1, clock.millis());
            List<Lease> leases = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leases.add(new Lease(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            return leases;
        }
    }

    private Optional<Lease> change(String resource, String holder, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Lease(resource, holder, rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }
}
