package io.descartes.hub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

import io.descartes.hub.store.BusMessageEntry.Audience;

/**
 * The bus's part of a journal transaction, after a new message's event row: its {@code bus_messages} row, one pending
 * delivery per recipient (the topic's subscribers or the channel's members are read in the same transaction, so a
 * message reaches exactly who was subscribed when it was stored), and, for an answer, its request marked answered;
 * an ack's delivery state.
 */
final class BusWrites {

    private static final String INSERT_MESSAGE = "INSERT INTO bus_messages (event_id, id, kind, sender, recipient, topic, "
            + "channel, request_id, correlation_id, priority, requires_ack, expires_at, reply_deadline) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELIVERY_COLUMNS =
            "INSERT INTO bus_deliveries (event_id, recipient, state, priority, attempts, due_at, updated_at) ";
    private static final String TO_RECIPIENT = DELIVERY_COLUMNS + "VALUES (?, ?, 'pending', ?, 0, ?, ?)";
    private static final String TO_SUBSCRIBERS = DELIVERY_COLUMNS
            + "SELECT ?, subscriber, 'pending', ?, 0, ?, ? FROM bus_subscriptions WHERE topic = ? AND subscriber <> ?";
    private static final String TO_MEMBERS = DELIVERY_COLUMNS
            + "SELECT ?, member, 'pending', ?, 0, ?, ? FROM bus_channel_members WHERE channel = ? AND member <> ?";
    private static final String ANSWER_REQUEST =
            "UPDATE bus_messages SET reply_deadline = NULL WHERE kind = 'request' AND sender = ? AND id = ?";

    private static final String ACK = "UPDATE bus_deliveries SET state = 'acked', updated_at = ? WHERE recipient = ? "
            + "AND state IN ('pending', 'delivered', 'acked') "
            + "AND event_id = (SELECT event_id FROM bus_messages WHERE sender = ? AND id = ?) RETURNING event_id";

    private final StatementCache statements;
    private final long nowMillis;

    BusWrites(StatementCache statements, long nowMillis) {
        this.statements = statements;
        this.nowMillis = nowMillis;
    }

    void write(BusMessageEntry m, long eventId) throws SQLException {
        PreparedStatement message = statements.get(INSERT_MESSAGE);
        message.setLong(1, eventId);
        message.setString(2, m.id());
        message.setString(3, m.kind());
        message.setString(4, m.sender());
        JournalWriter.nullableString(message, 5, m.recipient());
        JournalWriter.nullableString(message, 6, m.topic());
        JournalWriter.nullableString(message, 7, m.channel());
        JournalWriter.nullableString(message, 8, m.requestId());
        JournalWriter.nullableString(message, 9, m.correlationId());
        message.setInt(10, m.priority());
        message.setInt(11, m.requiresAck() ? 1 : 0);
        number(message, 12, m.expiresAt());
        number(message, 13, m.replyDeadline());
        message.executeUpdate();
        deliveries(m, eventId).executeUpdate();
        if (m.answers() != null && m.recipient() != null) {
            PreparedStatement answer = statements.get(ANSWER_REQUEST);
            answer.setString(1, m.recipient());
            answer.setString(2, m.answers());
            answer.executeUpdate();
        }
    }

    /** The acknowledged message's event id, 0 when the acker has no delivery of it (acking twice is no error). */
    long ack(BusAckEntry a) throws SQLException {
        PreparedStatement ack = statements.get(ACK);
        ack.setLong(1, nowMillis);
        ack.setString(2, a.acker());
        ack.setString(3, a.sender());
        ack.setString(4, a.id());
        try (ResultSet rs = ack.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private PreparedStatement deliveries(BusMessageEntry m, long eventId) throws SQLException {
        PreparedStatement ps = statements.get(m.audience() == Audience.RECIPIENT ? TO_RECIPIENT
                : m.audience() == Audience.TOPIC ? TO_SUBSCRIBERS : TO_MEMBERS);
        ps.setLong(1, eventId);
        if (m.audience() == Audience.RECIPIENT) {
            ps.setString(2, m.recipient());
            ps.setInt(3, m.priority());
            ps.setLong(4, nowMillis);
            ps.setLong(5, nowMillis);
        } else {
            ps.setInt(2, m.priority());
            ps.setLong(3, nowMillis);
            ps.setLong(4, nowMillis);
            ps.setString(5, m.audience() == Audience.TOPIC ? m.topic() : m.channel());
            ps.setString(6, m.sender());
        }
        return ps;
    }

    private static void number(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
