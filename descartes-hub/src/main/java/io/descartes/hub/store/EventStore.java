package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the event log; writes go through the {@link EventJournal}. */
public final class EventStore {

    private static final String COLUMNS = "id, event_type, timestamp, agent_id, session_id, content, metadata, git_commit";

    private final DataSource dataSource;

    public EventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<EventRow> find(EventQuery q) throws SQLException {
        return find(q, Long.MAX_VALUE, "ORDER BY id");
    }

    /** The newest events of the query below {@code before} (exclusive), newest first: the event log read backwards. */
    public List<EventRow> findBefore(EventQuery q, long before) throws SQLException {
        return find(q, before, "ORDER BY id DESC");
    }

    private List<EventRow> find(EventQuery q, long before, String order) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE id > ? AND id < ?");
        List<Object> args = new ArrayList<>();
        args.add(q.after());
        args.add(before);
        filter(sql, args, "agent_id", q.agentId());
        filter(sql, args, "event_type", q.eventType());
        filter(sql, args, "session_id", q.sessionId());
        sql.append(' ').append(order).append(" LIMIT ?");
        args.add(q.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<EventRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        }
    }

    public Optional<EventRow> findById(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** The highest event id stored, 0 when there is none. */
    public long lastId() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM events");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM events");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static EventRow row(ResultSet rs) throws SQLException {
        return new EventRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }
}
