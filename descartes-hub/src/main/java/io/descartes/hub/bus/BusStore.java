package io.descartes.hub.bus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The bus's reads and writes outside delivery: open requests, duplicates, subscriptions and channel membership,
 * history. Messages and acks are written by the journal (store.BusWrites), delivery state by the dispatcher
 * ({@link BusDeliveryLog}).
 */
public final class BusStore {

    /** One message of the history with its deliveries. */
    public record Stored(long eventId, String content, List<DeliveryState> deliveries) {
    }

    public record DeliveryState(String recipient, String state, int attempts, String reason) {
    }

    /** History filters; null fields match everything. */
    public record HistoryQuery(String channel, String topic, String sender, String recipient, String correlationId,
                               long after, int limit) {
    }

    private final DataSource ds;
    private final Clock clock;

    public BusStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /** Whether {@code sender} already stored a message with this id (a re-send, which the journal answers). */
    public boolean stored(String sender, String id) throws SQLException {
        return queryText("SELECT sender FROM bus_messages WHERE sender = ? AND id = ?", sender, id).isPresent();
    }

    /** The requester of the open request {@code id} that {@code recipient} was asked, if there is one. */
    public Optional<String> requester(String id, String recipient) throws SQLException {
        return queryText("SELECT sender FROM bus_messages WHERE kind = 'request' AND id = ? AND recipient = ? "
                + "AND reply_deadline IS NOT NULL", id, recipient);
    }

    /** Adds or removes a topic subscriber or channel member; true when that changed anything. */
    public boolean member(boolean channel, String name, String address, boolean add) throws SQLException {
        String table = channel ? "bus_channel_members" : "bus_subscriptions";
        String group = channel ? "channel" : "topic";
        String who = channel ? "member" : "subscriber";
        String sql = add
                ? "INSERT INTO " + table + " (" + group + ", " + who + ", created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                : "DELETE FROM " + table + " WHERE " + group + " = ? AND " + who + " = ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setString(2, address);
            if (add) {
                ps.setLong(3, clock.millis());
            }
            return ps.executeUpdate() == 1;
        }
    }

    /** A topic's subscribers or a channel's members, in name order. */
    public List<String> members(boolean channel, String name) throws SQLException {
        String sql = channel ? "SELECT member FROM bus_channel_members WHERE channel = ? ORDER BY member"
                : "SELECT subscriber FROM bus_subscriptions WHERE topic = ? ORDER BY subscriber";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            List<String> members = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(rs.getString(1));
                }
            }
            return members;
        }
    }

    /** Every channel that has members or messages, in name order. */
    public List<String> channels() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT channel FROM "
                + "bus_channel_members UNION SELECT channel FROM bus_messages WHERE channel IS NOT NULL ORDER BY 1");
             ResultSet rs = ps.executeQuery()) {
            List<String> channels = new ArrayList<>();
            while (rs.next()) {
                channels.add(rs.getString(1));
            }
            return channels;
        }
    }

    /** Stored messages matching the query, after the cursor, with one more than the limit to tell has_more. */
    public List<Stored> history(HistoryQuery q) throws SQLException {
        String sql = "SELECT m.event_id, e.content FROM bus_messages m JOIN events e ON e.id = m.event_id "
                + "WHERE m.event_id > ? AND (? IS NULL OR m.channel = ?) AND (? IS NULL OR m.topic = ?) "
                + "AND (? IS NULL OR m.sender = ?) AND (? IS NULL OR m.recipient = ? OR EXISTS (SELECT 1 FROM "
                + "bus_deliveries d WHERE d.event_id = m.event_id AND d.recipient = ?)) "
                + "AND (? IS NULL OR m.correlation_id = ?) ORDER BY m.event_id LIMIT ?";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             PreparedStatement deliveries = c.prepareStatement("SELECT recipient, state, attempts, reason "
                     + "FROM bus_deliveries WHERE event_id = ? ORDER BY recipient")) {
            ps.setLong(1, q.after());
            int i = 2;
            for (String value : new String[] {q.channel(), q.topic(), q.sender()}) {
                text(ps, i++, value);
                text(ps, i++, value);
            }
            for (int k = 0; k < 3; k++) {
                text(ps, i++, q.recipient());
            }
            text(ps, i++, q.correlationId());
            text(ps, i++, q.correlationId());
            ps.setInt(i, q.limit() + 1);
            List<Stored> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Stored(rs.getLong(1), rs.getString(2), deliveries(deliveries, rs.getLong(1))));
                }
            }
            return rows;
        }
    }

    private static List<DeliveryState> deliveries(PreparedStatement ps, long eventId) throws SQLException {
        ps.setLong(1, eventId);
        List<DeliveryState> states = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                states.add(new DeliveryState(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
            }
        }
        return states;
    }

    private Optional<String> queryText(String sql, String first, String second) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, first);
            ps.setString(2, second);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void text(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
