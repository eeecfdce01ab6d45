package io.descartes.hub.timetravel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code snapshots} table (seed schema, portable SQL). */
public final class SnapshotStore {

    private static final String COLUMNS = "id, agent_id, git_commit_hash, last_event_id, description, created_at, metadata";

    private final DataSource dataSource;
    private final Clock clock;

    public SnapshotStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Stores a snapshot; {@code lastEventId} must be a recorded event (the foreign key says so). */
    public Snapshot insert(String agentId, String commit, long lastEventId, String description, String metadata)
            throws SQLException {
        long now = clock.millis() / 1000;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO snapshots (agent_id, git_commit_hash, last_event_id, "
                     + "description, created_at, metadata) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, agentId);
            ps.setString(2, commit);
            ps.setLong(3, lastEventId);
            ps.setString(4, description);
            ps.setLong(5, now);
            ps.setString(6, metadata);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Snapshot(keys.getLong(1), agentId, commit, lastEventId, description, now, metadata);
            }
        }
    }

    public Optional<Snapshot> findById(long id) throws SQLException {
        List<Snapshot> rows = query("SELECT " + COLUMNS + " FROM snapshots WHERE id = ?", id);
        return rows.stream().findFirst();
    }

    /** A cursor page by id, oldest first; a null agent matches every agent. */
    public List<Snapshot> find(String agentId, long after, int limit) throws SQLException {
        return agentId == null
                ? query("SELECT " + COLUMNS + " FROM snapshots WHERE id > ? ORDER BY id LIMIT ?", after, limit)
                : query("SELECT " + COLUMNS + " FROM snapshots WHERE agent_id = ? AND id > ? ORDER BY id LIMIT ?",
                        agentId, after, limit);
    }

    /** The newest snapshot of the agent taken at or before an event: where an event-id rewind finds its body. */
    public Optional<Snapshot> latestAtOrBefore(String agentId, long eventId) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM snapshots WHERE agent_id = ? AND last_event_id <= ? "
                + "ORDER BY last_event_id DESC, id DESC LIMIT 1", agentId, eventId).stream().findFirst();
    }

    /** The agent's snapshots whose last event lies in (after, upTo], in timeline order. */
    public List<Snapshot> betweenEvents(String agentId, long after, long upTo) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM snapshots WHERE agent_id = ? AND last_event_id > ? AND last_event_id <= ? "
                + "ORDER BY last_event_id, id", agentId, after, upTo);
    }

    private List<Snapshot> query(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Snapshot> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Snapshot(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7)));
                }
                return rows;
            }
        }
    }
}
