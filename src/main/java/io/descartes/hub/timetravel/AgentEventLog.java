package io.descartes.hub.timetravel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

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

    public Optional<EventRow> event(long id) throws SQLException {
        return events.findById(id);
    }

    /** A cursor page of the agent's events after {@code after}. */
    public List<EventRow> page(String agentId, long after, int limit) throws SQLException {
        return events.find(new EventQuery(after, agentId, null, null, limit));
    }

    /** Feeds the agent's events with id <= {@code upTo}, oldest first, a page at a time. */
    public void replay(String agentId, long upTo, Consumer<EventRow> sink) throws SQLException {
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
