package io.descartes.hub.bus;

import java.nio.charset.StandardCharsets;
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

import io.descartes.hub.store.DeadLetterEntry;

/**
 * The bus's reads and the writes that follow a message's storage: the delivery queue of each recipient, delivery
 * state changes (delivered, acked, expired, dead, with their dead letters in the same transaction), open requests,
 * subscriptions and channel membership, history. Messages themselves are written by the journal (store.BusWrites).
 */
public final class BusStore {

    /** A delivery due now: the stored message (its JSON view) for one recipient. */
    public record Due(long eventId, String recipient, String content, int attempts, boolean requiresAck) {
    }

    /** A delivery that left the queue for good (expired or dead), with the columns its meters are tagged by. */
    public record Ended(long eventId, String recipient, String sender, String topic) {
    }

    /** A request past its reply deadline. */
    public record OpenRequest(String sender, String id, String recipient, String correlationId, int priority) {
    }

    /** One message of the history with its deliveries. */
    public record Stored(long eventId, String content, List<DeliveryState> deliveries) {
    }

    public record DeliveryState(String recipient, String state, int attempts, String reason) {
    }

    /** History filters; null fields match everything. */
    public record HistoryQuery(String channel, String topic, String sender, String recipient, String correlationId,
                               long after, int limit) {
    }

    private static final String DUE = "SELECT d.event_id, d.attempts, e.content, m.requires_ack FROM bus_deliveries d "
            + "JOIN bus_messages m ON m.event_id = d.event_id JOIN events e ON e.id = d.event_id "
            + "WHERE d.recipient = ? AND d.state = 'pending' AND d.due_at <= ? AND (m.expires_at IS NULL OR m.expires_at > ?) "
            + "ORDER BY d.priority DESC, d.event_id LIMIT ?";
    private static final String DELIVERED = "UPDATE bus_deliveries SET state = 'delivered', attempts = ?, due_at = ?, "
            + "updated_at = ? WHERE event_id = ? AND recipient = ? AND state = 'pending'";
    private static final String ENDING = "SELECT d.event_id, d.recipient, m.sender, m.topic, e.content, d.attempts "
            + "FROM bus_deliveries d JOIN bus_messages m ON m.event_id = d.event_id JOIN events e ON e.id = d.event_id ";
    private static final String EXPIRED = ENDING + "WHERE d.state = 'pending' AND m.expires_at <= ?";
    private static final String UNACKED = ENDING + "WHERE d.state = 'delivered' AND m.requires_ack = 1 AND d.due_at <= ?";
    private static final String END = "UPDATE bus_deliveries SET state = ?, reason = ?, updated_at = ? "
            + "WHERE event_id = ? AND recipient = ?";
    private static final String RETRY = "UPDATE bus_deliveries SET state = 'pending', due_at = ?, updated_at = ? "
            + "WHERE event_id = ? AND recipient = ?";
    private static final String DEAD_LETTER = "INSERT INTO dead_letters (received_at, endpoint, sender, error_code, reason, "
            + "raw, raw_size, raw_sha256) VALUES (?, 'bus', ?, ?, ?, ?, ?, ?)";
    private static final String ACK = "UPDATE bus_deliveries SET state = 'acked', updated_at = ? WHERE recipient = ? "
            + "AND state IN ('pending', 'delivered', 'acked') "
            + "AND event_id = (SELECT event_id FROM bus_messages WHERE sender = ? AND id = ?)";

    private final DataSource ds;
    private final Clock clock;
    private final int deadLetterBytes;

    public BusStore(DataSource ds, Clock clock, int deadLetterBytes) {
        this.ds = ds;
        this.clock = clock;
        this.deadLetterBytes = deadLetterBytes;
    }

    /** The recipient's deliveries due now, highest priority first, then in the order they were stored. */
    public List<Due> due(String recipient, long now, int limit) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(DUE)) {
            ps.setString(1, recipient);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setInt(4, limit);
            List<Due> due = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getLong(1), recipient, rs.getString(3), rs.getInt(2), rs.getInt(4) == 1));
                }
            }
            return due;
        }
    }

    /** The recipients that have deliveries due now (whether they are attached or not). */
    public List<String> recipientsWithDue(long now) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT recipient FROM bus_deliveries WHERE state = 'pending' AND due_at <= ?")) {
            ps.setLong(1, now);
            List<String> recipients = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recipients.add(rs.getString(1));
                }
            }
            return recipients;
        }
    }

    /** A delivery went out as attempt {@code attempts}; one that needs an ack is sent again from {@code ackDueAt}. */
    public void delivered(Due due, int attempts, long ackDueAt) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(DELIVERED)) {
            ps.setInt(1, attempts);
            ps.setLong(2, ackDueAt);
            ps.setLong(3, clock.millis());
            ps.setLong(4, due.eventId());
            ps.setString(5, due.recipient());
            ps.executeUpdate();
        }
    }

    /** Pending deliveries whose message expired: state expired, each with a dead letter naming the reason. */
    public List<Ended> expire(long now) throws SQLException {
        return end(EXPIRED, now, attempts -> true, "expired", (recipient, attempts) ->
                "not delivered to '" + recipient + "': its ttl expired (" + attempts + " attempts made)", now);
    }

    /**
     * Delivered messages that needed an ack and got none by their due time: sent again (pending) while attempts are
     * left, else dead with a dead letter. Returns the dead ones.
     */
    public List<Ended> redeliverUnacked(long now, int maxAttempts) throws SQLException {
        return end(UNACKED, now, attempts -> attempts >= maxAttempts, "dead", (recipient, attempts) ->
                "not acknowledged by '" + recipient + "' after " + attempts + " attempts", now);
    }

    private interface Reason {
        String of(String recipient, int attempts);
    }

    private List<Ended> end(String select, long now, java.util.function.IntPredicate ends, String state, Reason reason,
                            long retryAt) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement find = c.prepareStatement(select);
                 PreparedStatement end = c.prepareStatement(END);
                 PreparedStatement retry = c.prepareStatement(RETRY);
                 PreparedStatement deadLetter = c.prepareStatement(DEAD_LETTER)) {
                find.setLong(1, now);
                List<Ended> ended = new ArrayList<>();
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        long eventId = rs.getLong(1);
                        String recipient = rs.getString(2);
                        int attempts = rs.getInt(6);
                        if (!ends.test(attempts)) {
                            retry.setLong(1, retryAt);
                            retry.setLong(2, now);
                            retry.setLong(3, eventId);
                            retry.setString(4, recipient);
                            retry.executeUpdate();
                            continue;
                        }
                        String why = reason.of(recipient, attempts);
                        end.setString(1, state);
                        end.setString(2, why);
                        end.setLong(3, now);
                        end.setLong(4, eventId);
                        end.setString(5, recipient);
                        end.executeUpdate();
                        DeadLetterEntry letter = DeadLetterEntry.of("bus", rs.getString(3), state, why,
                                rs.getString(5).getBytes(StandardCharsets.UTF_8), deadLetterBytes);
                        deadLetter.setLong(1, now);
                        deadLetter.setString(2, letter.sender());
                        deadLetter.setString(3, letter.errorCode());
                        deadLetter.setString(4, letter.reason());
                        deadLetter.setBytes(5, letter.head());
                        deadLetter.setLong(6, letter.size());
                        deadLetter.setString(7, letter.sha256());
                        deadLetter.executeUpdate();
                        ended.add(new Ended(eventId, recipient, rs.getString(3), rs.getString(4)));
                    }
                }
                c.commit();
                return ended;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * The address's deliveries still waiting for an ack are due again at once: it attached a new connection (it
     * reconnected, or the hub restarted), which never got them.
     */
    public void resendUnacked(String recipient) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE bus_deliveries "
                + "SET state = 'pending', due_at = ?, updated_at = ? WHERE recipient = ? AND state = 'delivered' "
                + "AND event_id IN (SELECT event_id FROM bus_messages WHERE requires_ack = 1)")) {
            long now = clock.millis();
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setString(3, recipient);
            ps.executeUpdate();
        }
    }

    /** Records an ack: false when the recipient never had that message of that sender. */
    public boolean ack(String recipient, String sender, String id) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(ACK)) {
            ps.setLong(1, clock.millis());
            ps.setString(2, recipient);
            ps.setString(3, sender);
            ps.setString(4, id);
            return ps.executeUpdate() == 1;
        }
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

    /** Requests whose reply deadline has passed and which nobody answered. */
    public List<OpenRequest> overdueRequests(long now) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT sender, id, recipient, "
                + "correlation_id, priority FROM bus_messages WHERE reply_deadline <= ? ORDER BY reply_deadline")) {
            ps.setLong(1, now);
            List<OpenRequest> overdue = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    overdue.add(new OpenRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5)));
                }
            }
            return overdue;
        }
    }

    /** Deliveries waiting to go out, counted by topic (empty for none) and by sender. */
    public List<String[]> pendingByTopicAndSender() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COALESCE(m.topic, ''), "
                + "m.sender, count(*) FROM bus_deliveries d JOIN bus_messages m ON m.event_id = d.event_id "
                + "WHERE d.state = 'pending' GROUP BY m.topic, m.sender")) {
            List<String[]> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3))});
                }
            }
            return counts;
        }
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
