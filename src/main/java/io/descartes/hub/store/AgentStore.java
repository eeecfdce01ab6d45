package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Reads the {@code agents} registry; writes go through the {@link EventJournal} with the event that caused them. */
public final class AgentStore {

    /** Upstream's active statuses (PROTOCOL §3.3); the terminal ones are completed, failed, terminated. */
    private static final String ACTIVE = "('idle', 'initializing', 'running', 'thinking', 'paused')";

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
