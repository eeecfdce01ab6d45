package io.descartes.hub.runners;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.RunnerRegister;

/**
 * The {@code runners}, {@code runner_agents} and {@code agent_reporters} tables (db/migration/V20__runners.sql,
 * V34__runner_identity.sql, V40__runner_hub.sql).
 */
public final class RunnerStore {

    /**
     * Who the store says speaks for an agent: the runner it was placed on, the key that first reported it, or the hub
     * itself ({@code spawnedByHub}: a spawn the hub answered recorded its backend, and no runner holds it), which stays
     * true after a restart ended the process.
     */
    public record AgentSpeaker(String runnerId, String reporterKey, boolean spawnedByHub) {
    }

    public static final String LIVE = "live";
    public static final String UNREGISTERED = "unregistered";
    public static final String LOST = "lost";

    /** Upstream's active statuses (PROTOCOL §3.3): the agents a lost runner leaves behind. */
    private static final String ACTIVE = "('idle', 'initializing', 'running', 'thinking', 'paused')";

    private final DataSource dataSource;
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private static final TypeReference<List<String>> BACKENDS = new TypeReference<>() { };

    private final ObjectMapper json;

    public RunnerStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** peerKey: the CURVE key it registered with, or null without CURVE; hubId: the hub it registered through. */
    public void registered(RunnerRegister runner, String peerKey, String hubId, long now) throws SQLException {
        update("INSERT INTO runners (id, command_address, capacity, labels, backends, status, registered_at,"
                        + " last_heartbeat_at, peer_key, hub_id) VALUES (?, ?, ?, ?, ?, 'live', ?, ?, ?, ?) ON CONFLICT(id)"
                        + " DO UPDATE SET command_address = excluded.command_address, capacity = excluded.capacity,"
                        + " labels = excluded.labels, backends = excluded.backends, status = 'live',"
                        + " registered_at = excluded.registered_at, last_heartbeat_at = excluded.last_heartbeat_at,"
                        + " peer_key = excluded.peer_key, hub_id = excluded.hub_id",
                runner.runnerId(), runner.commandAddress(), runner.capacity(), text(runner.labels()),
                text(runner.backends()), now, now, peerKey, hubId);
    }

    /** A runner stored without a key (registered without CURVE, or before V34) is bound to the first key heard. */
    public void boundTo(String runnerId, String peerKey) throws SQLException {
        update("UPDATE runners SET peer_key = ? WHERE id = ? AND peer_key IS NULL", peerKey, runnerId);
    }

    /** The key each runner registered with, for the runners that have one. */
    public Map<String, String> peerKeys() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, peer_key FROM runners WHERE peer_key IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            Map<String, String> keys = new HashMap<>();
            while (rs.next()) {
                keys.put(rs.getString(1), rs.getString(2));
            }
            return keys;
        }
    }

    /** One query for an agent the hub has not seen on the link since it started. */
    public AgentSpeaker speakerOf(String agentId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT runner_id FROM runner_agents WHERE agent_id = ?),"
                        + " (SELECT peer_key FROM agent_reporters WHERE agent_id = ?),"
                        + " EXISTS (SELECT 1 FROM agents WHERE id = ? AND json_extract(metadata, '$.backend') IS NOT NULL)")) {
            bind(ps, agentId, agentId, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new AgentSpeaker(rs.getString(1), rs.getString(2), rs.getBoolean(3));
            }
        }
    }

    /** The key that first reported an agent nobody placed; the first one stays. */
    public void reported(String agentId, String peerKey) throws SQLException {
        update("INSERT INTO agent_reporters (agent_id, peer_key) VALUES (?, ?) ON CONFLICT(agent_id) DO NOTHING",
                agentId, peerKey);
    }

    /**
     * Records a live runner's heartbeat and the hub it came through (hubId: a runner that failed over changes it);
     * false when the store does not hold it as live (it must register again).
     */
    public boolean heartbeat(String runnerId, String hubId, long now) throws SQLException {
        return update("UPDATE runners SET last_heartbeat_at = ?, hub_id = ? WHERE id = ? AND status = ?", now, hubId,
                runnerId, LIVE) > 0;
    }

    /** Whether the store holds the runner as live, whichever hub it registered through. */
    public boolean isLive(String runnerId) throws SQLException {
        return !strings("SELECT id FROM runners WHERE id = ? AND status = ?", runnerId, LIVE).isEmpty();
    }

    /**
     * Marks the live runners whose last heartbeat (through any hub) is before {@code silentSince} as lost, in one
     * statement, and returns them: two hubs sweeping at once cannot both mark the same runner.
     */
    public List<String> markLost(long silentSince) throws SQLException {
        return strings("UPDATE runners SET status = ? WHERE status = ? AND last_heartbeat_at < ? RETURNING id",
                LOST, LIVE, silentSince);
    }

    /** The live runners with their load, as placement sees them. */
    public List<RunnerCandidate> liveCandidates() throws SQLException {
        List<RunnerCandidate> live = new ArrayList<>();
        for (RunnerRow r : list()) {
            if (LIVE.equals(r.status())) {
                live.add(new RunnerCandidate(r.id(), r.commandAddress(), read(r.labels(), LABELS), read(r.backends(),
                        BACKENDS), r.capacity(), r.load()));
            }
        }
        return live;
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
                        + " r.last_heartbeat_at, r.hub_id, (SELECT count(*) FROM runner_agents ra JOIN agents a ON a.id = ra.agent_id"
                        + " WHERE ra.runner_id = r.id AND a.status IN " + ACTIVE + ") FROM runners r ORDER BY r.id");
             ResultSet rs = ps.executeQuery()) {
            List<RunnerRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new RunnerRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getInt(10)));
            }
            return rows;
        }
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("runners: stored JSON is not readable: " + text, e);
        }
    }

    private int update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
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
