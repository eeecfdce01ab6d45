package io.descartes.hub.runners;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.RunnerRegister;

/** The {@code runners} and {@code runner_agents} tables (db/migration/V20__runners.sql). */
public final class RunnerStore {

    public static final String LIVE = "live";
    public static final String UNREGISTERED = "unregistered";
    public static final String LOST = "lost";

    /** Upstream's active statuses (PROTOCOL §3.3): the agents a lost runner leaves behind. */
    private static final String ACTIVE = "('idle', 'initializing', 'running', 'thinking', 'paused')";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public RunnerStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public void registered(RunnerRegister runner, long now) throws SQLException {
        update("INSERT INTO runners (id, command_address, capacity, labels, backends, status, registered_at,"
                        + " last_heartbeat_at) VALUES (?, ?, ?, ?, ?, 'live', ?, ?) ON CONFLICT(id) DO UPDATE SET"
                        + " command_address = excluded.command_address, capacity = excluded.capacity,"
                        + " labels = excluded.labels, backends = excluded.backends, status = 'live',"
                        + " registered_at = excluded.registered_at, last_heartbeat_at = excluded.last_heartbeat_at",
                runner.runnerId(), runner.commandAddress(), runner.capacity(), text(runner.labels()),
                text(runner.backends()), now, now);
    }

    public void heartbeat(String runnerId, long now) throws SQLException {
        update("UPDATE runners SET last_heartbeat_at = ? WHERE id = ?", now, runnerId);
    }

    public void status(String runnerId, String status) throws SQLException {
        update("UPDATE runners SET status = ? WHERE id = ?", status, runnerId);
    }

    public void assigned(UUID agentId, String runnerId, long now) throws SQLException {
        update("INSERT INTO runner_agents (agent_id, runner_id, assigned_at) VALUES (?, ?, ?)",
                agentId.toString(), runnerId, now);
    }

    /** The runner an agent was spawned on, or null (embedded, or unknown). */
    public String runnerOf(String agentId) throws SQLException {
        List<String> ids = strings("SELECT runner_id FROM runner_agents WHERE agent_id = ?", agentId);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The runner's agents whose registry row is not final yet. */
    public List<String> activeAgents(String runnerId) throws SQLException {
        return strings("SELECT ra.agent_id FROM runner_agents ra JOIN agents a ON a.id = ra.agent_id"
                + " WHERE ra.runner_id = ? AND a.status IN " + ACTIVE, runnerId);
    }

    /** Every runner ever registered, by id, with its load. */
    public List<RunnerRow> list() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.id, r.command_address, r.capacity, r.labels, r.backends, r.status, r.registered_at,"
                        + " r.last_heartbeat_at, (SELECT count(*) FROM runner_agents ra JOIN agents a ON a.id = ra.agent_id"
                        + " WHERE ra.runner_id = r.id AND a.status IN " + ACTIVE + ") FROM runners r ORDER BY r.id");
             ResultSet rs = ps.executeQuery()) {
            List<RunnerRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new RunnerRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getInt(9)));
            }
            return rows;
        }
    }

    public List<String> liveRunners() throws SQLException {
        return strings("SELECT id FROM runners WHERE status = ?", LIVE);
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.executeUpdate();
        }
    }

    private List<String> strings(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
