package io.descartes.hub.timetravel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.store.EventQuery;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.store.EventStore;

/** One agent's slice of the event log, read in id order. */
public final class AgentEventLog {

    private final DataSource dataSource;
    private final EventStore events;
    private final int pageSize;

    public AgentEventLog(DataSource dataSource, EventStore events, int pageSize) {
        this.dataSource = dataSource;
        this.events = events;
        this.pageSize = pageSize;
    }

    /** The agent's newest event id; empty for an agent the log has never seen. */
    public Optional<Long> latestEventId(String agentId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM events WHERE agent_id = ?")) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next(); // max() always yields one row, NULL when there are no events
                long id = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(id);
            }
        }
    }

    /**
     * The content of the spawn request answered by a spawn response recorded as event {@code responseId}.
     * A spawn request names no agent yet (its row has no agent_id), so it is found by its request id
     * among the latest page of spawn requests recorded before the response.
     */
    public Optional<String> spawnRequestContent(String requestId, long responseId, ObjectMapper mapper)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT content FROM events WHERE event_type = 'spawn_request' "
                     + "AND id < ? ORDER BY id DESC LIMIT ?")) {
            ps.setLong(1, responseId);
            ps.setInt(2, pageSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String content = rs.getString(1);
                    if (requestId.equals(requestIdOf(content, mapper))) {
                        return Optional.of(content);
                    }
                }
                return Optional.empty();
            }
        }
    }

    private static String requestIdOf(String content, ObjectMapper mapper) {
        try {
            return mapper.readTree(content).path("request_id").asText(null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public Optional<EventRow> event(long id) throws SQLException {
        return events.findById(id);
    }

    /** A cursor page of the agent's events after {@code after}. */
    public List<EventRow> page(String agentId, long after, int limit) throws SQLException {
        return events.find(new EventQuery(after, agentId, null, null, limit));
    }

    /** Takes replayed events; it may read the store itself. */
    public interface Sink {
        void accept(EventRow row) throws SQLException;
    }

    /** Feeds the agent's events with id <= {@code upTo}, oldest first, a page at a time. */
    public void replay(String agentId, long upTo, Sink sink) throws SQLException {
        long after = 0;
        while (true) {
            List<EventRow> rows = page(agentId, after, pageSize);
            for (EventRow row : rows) {
                if (row.id() > upTo) {
                    return;
                }
                sink.accept(row);
            }
            if (rows.size() < pageSize) {
                return;
            }
            after = rows.get(rows.size() - 1).id();
        }
    }
}
