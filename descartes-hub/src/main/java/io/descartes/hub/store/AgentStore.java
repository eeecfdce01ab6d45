package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the {@code agents} registry; writes go through the {@link EventJournal} with the event that caused them. */
public final class AgentStore {

    /** Upstream's active statuses (PROTOCOL §3.3), and its terminal ones. */
    private static final String ACTIVE = "('idle', 'initializing', 'running', 'thinking', 'paused')";
    static final String TERMINAL = "('completed', 'failed', 'terminated')";

    /**
     * SQLite's rowid is the order the rows were inserted in (created_at has seconds only, so it cannot order the
     * agents registered within one second).
     */
    private static final String ROWS = "SELECT a.rowid, a.id, a.name, a.status, ra.runner_id, a.created_at, a.updated_at, a.metadata"
            + " FROM agents a LEFT JOIN runner_agents ra ON ra.agent_id = a.id";

    private final DataSource dataSource;

    public AgentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long countActive() throws SQLException {
        return count("SELECT count(*) FROM agents WHERE status IN " + ACTIVE);
    }

    public long countWithStatus(String status) throws SQLException {
        return count("SELECT count(*) FROM agents WHERE status = ?", status);
    }

    /** The registry status of one agent, or null when it is not registered. */
    public String status(String agentId) throws SQLException {
        return column("status", agentId);
    }

    /** The metadata JSON of one agent's row, or null when it is not registered. */
    public String metadata(String agentId) throws SQLException {
        return column("metadata", agentId);
    }

    /** @param column a column name of agents, never user input */
    private String column(String column, String agentId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM agents WHERE id = ?")) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Oldest first, of one status when {@code status} is not null, after the row {@code after} when it is not
     * null: a cursor that stays valid while agents are added.
     */
    public List<AgentRow> find(String status, AgentRow after, long limit) throws SQLException {
        StringBuilder sql = new StringBuilder(ROWS + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND a.status = ?");
            args.add(status);
        }
        if (after != null) {
            sql.append(" AND a.rowid > ?");
            args.add(after.seq());
        }
        sql.append(" ORDER BY a.rowid LIMIT ?");
        args.add(limit);
        return rows(sql.toString(), args.toArray());
    }

    public Optional<AgentRow> findById(String agentId) throws SQLException {
        return rows(ROWS + " WHERE a.id = ?", agentId).stream().findFirst();
    }

    /** Agents no remote runner runs (no runner_agents row) that the registry still shows active. */
    public List<AgentRow> activeWithoutRunner() throws SQLException {
        return rows(ROWS + " WHERE a.status IN " + ACTIVE + " AND ra.runner_id IS NULL ORDER BY a.rowid");
    }

    private List<AgentRow> rows(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<AgentRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new AgentRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8)));
                }
                return rows;
            }
        }
    }

    private long count(String sql, String... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
