package io.descartes.hub.bus;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.descartes.hub.bus.BusQueue.Queued;
import io.descartes.hub.store.DeadLetterEntry;
import io.descartes.hub.store.SqlDialect;
import io.descartes.hub.store.StatementCache;

/**
 * The dispatcher's side of the store: delivery state changes and the reads that feed its queue, on one connection it
 * keeps open (an SQLite connection costs far more to open than a round's work) with its statements prepared once, as
 * the journal writer does. Each change is one transaction for a whole batch: the deliveries of a round are marked sent
 * (the attempt counted) in one commit before any of them goes out. A connection that failed is dropped and reopened.
 * Used by the dispatcher's thread only.
 */
final class BusDeliveryLog implements AutoCloseable {

    /** A delivery whose attempt is recorded: the message (its JSON view) goes out as attempt {@code attempt}. */
    record Sending(Queued queued, int attempt, String content) {
    }

    /** A delivery that left the queue for good (expired or dead), with the columns its meters are tagged by. */
    record Ended(long eventId, String recipient, String sender, String topic) {
    }

    /** A request past its reply deadline. */
    record OpenRequest(String sender, String id, String recipient, String correlationId, int priority) {
    }

    /** What a sweep of unacknowledged deliveries did: those out of attempts, and those queued again. */
    record Redelivery(List<Ended> dead, List<Queued> again) {
    }

    /** Message ids read per query: one round trip for a batch, one prepared statement for every batch size. */
    private static final int CHUNK = 64;
    /** The due_at of a delivery that needs no ack: it is never due again. */
    static final long NEVER = Long.MAX_VALUE;

    private static final String QUEUED = "SELECT d.event_id, d.recipient, d.priority, d.attempts, m.requires_ack, "
            + "m.expires_at FROM bus_deliveries d JOIN bus_messages m ON m.event_id = d.event_id ";
    private static final String NEW = QUEUED + "WHERE d.event_id > ? AND d.state = 'pending' ORDER BY d.event_id";
    private static final String OF_RECIPIENT = QUEUED + "WHERE d.recipient = ? AND d.state = 'pending'";
    private static final String RESEND = "UPDATE bus_deliveries SET state = 'pending', due_at = ?, updated_at = ? "
            + "WHERE recipient = ? AND state = 'delivered' "
            + "AND event_id IN (SELECT event_id FROM bus_messages WHERE requires_ack = 1)";
    private static final String SENT = "UPDATE bus_deliveries SET state = 'delivered', attempts = ?, due_at = ?, "
            + "updated_at = ? WHERE event_id = ? AND recipient = ? AND state = 'pending'";
    private static final String UNSENT = "UPDATE bus_deliveries SET state = 'pending', attempts = ?, due_at = ?, "
            + "updated_at = ? WHERE event_id = ? AND recipient = ? AND state = 'delivered'";
    private static final String CONTENTS = "SELECT id, content FROM events WHERE id IN ("
            + String.join(", ", Collections.nCopies(CHUNK, "?")) + ")";
    private static final String ENDING = "SELECT d.event_id, d.recipient, m.sender, m.topic, e.content, d.attempts, "
            + "d.priority, m.requires_ack, m.expires_at FROM bus_deliveries d "
            + "JOIN bus_messages m ON m.event_id = d.event_id JOIN events e ON e.id = d.event_id ";
    private static final String EXPIRED = ENDING + "WHERE d.state = 'pending' AND m.expires_at <= ?";
    private static final String UNACKED = ENDING + "WHERE d.state = 'delivered' AND d.due_at <= ? AND m.requires_ack = 1";
    private static final String END = "UPDATE bus_deliveries SET state = ?, reason = ?, updated_at = ? "
            + "WHERE event_id = ? AND recipient = ?";
    private static final String RETRY = "UPDATE bus_deliveries SET state = 'pending', due_at = ?, updated_at = ? "
            + "WHERE event_id = ? AND recipient = ?";
    private static final String DEAD_LETTER = "INSERT INTO dead_letters (received_at, endpoint, sender, error_code, "
            + "reason, raw, raw_size, raw_sha256) VALUES (?, 'bus', ?, ?, ?, ?, ?, ?)";
    private static final String OVERDUE = "SELECT sender, id, recipient, correlation_id, priority FROM bus_messages "
            + "WHERE reply_deadline <= ? ORDER BY reply_deadline";
    private static final String PENDING_COUNTS = "SELECT COALESCE(m.topic, ''), m.sender, count(*) FROM bus_deliveries d "
            + "JOIN bus_messages m ON m.event_id = d.event_id WHERE d.state = 'pending' GROUP BY m.topic, m.sender";

    private interface Work<T> {
        T run(StatementCache statements) throws SQLException;
    }

    private interface Reason {
        String of(String recipient, int attempts);
    }

    private final DataSource ds;
    private final int deadLetterBytes;
    private Connection connection;
    private StatementCache statements;
    private String begin;

    BusDeliveryLog(DataSource ds, int deadLetterBytes) {
        this.ds = ds;
        this.deadLetterBytes = deadLetterBytes;
    }

    /** Pending deliveries of messages stored after event {@code after}, in stored order. */
    List<Queued> pendingAfter(long after) throws SQLException {
        return work(false, s -> {
            PreparedStatement ps = s.get(NEW);
            ps.setLong(1, after);
            return queued(ps);
        });
    }

    /**
     * The address attached again (a new connection, or the hub restarted): what it never acknowledged is pending
     * again, and all that is pending for it is returned.
     */
    List<Queued> reattached(String recipient, long now) throws SQLException {
        return work(true, s -> {
            PreparedStatement resend = s.get(RESEND);
            resend.setLong(1, now);
            resend.setLong(2, now);
            resend.setString(3, recipient);
            resend.executeUpdate();
            PreparedStatement ps = s.get(OF_RECIPIENT);
            ps.setString(1, recipient);
            return queued(ps);
        });
    }

    /**
     * Records the next attempt of each delivery, in one transaction, and returns them with their messages: what the
     * store no longer has pending (acked or expired meanwhile) is left out. A delivery needing an ack is due again
     * {@code ackTimeoutMillis} from now.
     */
    List<Sending> markSent(List<Queued> batch, long now, long ackTimeoutMillis) throws SQLException {
        return work(true, s -> {
            PreparedStatement sent = s.get(SENT);
            for (Queued q : batch) {
                sent.setInt(1, q.attempts() + 1);
                sent.setLong(2, q.requiresAck() ? now + ackTimeoutMillis : NEVER);
                sent.setLong(3, now);
                sent.setLong(4, q.eventId());
                sent.setString(5, q.recipient());
                sent.addBatch();
            }
            int[] updated = sent.executeBatch();
            List<Queued> marked = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (updated[i] != 0) {
                    marked.add(batch.get(i));
                }
            }
            Map<Long, String> contents = contents(s, marked);
            List<Sending> sending = new ArrayList<>(marked.size());
            for (Queued q : marked) {
                sending.add(new Sending(q, q.attempts() + 1, contents.get(q.eventId())));
            }
            return sending;
        });
    }

    /** Deliveries that could not go out after all: pending again, their attempt not counted. */
    void unsent(List<Sending> failed, long now) throws SQLException {
        work(true, s -> {
            PreparedStatement ps = s.get(UNSENT);
            for (Sending f : failed) {
                ps.setInt(1, f.queued().attempts());
                ps.setLong(2, now);
                ps.setLong(3, now);
                ps.setLong(4, f.queued().eventId());
                ps.setString(5, f.queued().recipient());
                ps.addBatch();
            }
            ps.executeBatch();
            return null;
        });
    }

    /** Pending deliveries whose message expired: state expired, each with a dead letter naming the reason. */
    List<Ended> expire(long now) throws SQLException {
        return end(EXPIRED, now, "expired", attempts -> true, (recipient, attempts) ->
                "not delivered to '" + recipient + "': its ttl expired (" + attempts + " attempts made)", null);
    }

    /**
     * Delivered messages that needed an ack and got none by their due time: pending again while attempts are left,
     * else dead with a dead letter.
     */
    Redelivery redeliverUnacked(long now, int maxAttempts) throws SQLException {
        List<Queued> again = new ArrayList<>();
        List<Ended> dead = end(UNACKED, now, "dead", attempts -> attempts >= maxAttempts, (recipient, attempts) ->
                "not acknowledged by '" + recipient + "' after " + attempts + " attempts", again);
        return new Redelivery(dead, again);
    }

    /** Requests whose reply deadline has passed and which nobody answered. */
    List<OpenRequest> overdueRequests(long now) throws SQLException {
        return work(false, s -> {
            PreparedStatement ps = s.get(OVERDUE);
            ps.setLong(1, now);
            List<OpenRequest> overdue = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    overdue.add(new OpenRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5)));
                }
            }
            return overdue;
        });
    }

    /** Deliveries waiting to go out, counted by topic (empty for none) and by sender. */
    List<String[]> pendingByTopicAndSender() throws SQLException {
        return work(false, s -> {
            List<String[]> counts = new ArrayList<>();
            try (ResultSet rs = s.get(PENDING_COUNTS).executeQuery()) {
                while (rs.next()) {
                    counts.add(new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3))});
                }
            }
            return counts;
        });
    }

    /**
     * Ends the deliveries the select finds as {@code state} (with a dead letter each) when {@code ends} says so for
     * their attempts; the others go back to pending, into {@code again}.
     */
    private List<Ended> end(String select, long now, String state, java.util.function.IntPredicate ends, Reason reason,
                            List<Queued> again) throws SQLException {
        return work(true, s -> {
            PreparedStatement find = s.get(select);
            find.setLong(1, now);
            List<Ended> ended = new ArrayList<>();
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    long eventId = rs.getLong(1);
                    String recipient = rs.getString(2);
                    int attempts = rs.getInt(6);
                    if (!ends.test(attempts)) {
                        PreparedStatement retry = s.get(RETRY);
                        retry.setLong(1, now);
                        retry.setLong(2, now);
                        retry.setLong(3, eventId);
                        retry.setString(4, recipient);
                        retry.executeUpdate();
                        again.add(new Queued(eventId, recipient, rs.getInt(7), attempts, rs.getInt(8) == 1,
                                expiresAt(rs, 9)));
                        continue;
                    }
                    String why = reason.of(recipient, attempts);
                    PreparedStatement end = s.get(END);
                    end.setString(1, state);
                    end.setString(2, why);
                    end.setLong(3, now);
                    end.setLong(4, eventId);
                    end.setString(5, recipient);
                    end.executeUpdate();
                    DeadLetterEntry letter = DeadLetterEntry.of("bus", rs.getString(3), state, why,
                            rs.getString(5).getBytes(StandardCharsets.UTF_8), deadLetterBytes);
                    PreparedStatement deadLetter = s.get(DEAD_LETTER);
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
            return ended;
        });
    }

    private static Map<Long, String> contents(StatementCache s, List<Queued> deliveries) throws SQLException {
        List<Long> ids = deliveries.stream().map(Queued::eventId).distinct().toList();
        Map<Long, String> contents = new HashMap<>();
        PreparedStatement ps = s.get(CONTENTS);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            for (int p = 0; p < CHUNK; p++) {
                // unused placeholders repeat the chunk's first id, which matches nothing new
                ps.setLong(p + 1, ids.get(from + p < ids.size() ? from + p : from));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    contents.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return contents;
    }

    private static List<Queued> queued(PreparedStatement ps) throws SQLException {
        List<Queued> queued = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                queued.add(new Queued(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5) == 1,
                        expiresAt(rs, 6)));
            }
        }
        return queued;
    }

    private static Long expiresAt(ResultSet rs, int column) throws SQLException {
        long at = rs.getLong(column);
        return rs.wasNull() ? null : at;
    }

    /**
     * Runs the work on the held connection, in one write transaction when {@code write}. The connection stays in
     * auto-commit mode between transactions (BEGIN ... COMMIT by hand, as the journal writer does), so it never holds
     * SQLite's write lock while idle.
     */
    private <T> T work(boolean write, Work<T> work) throws SQLException {
        StatementCache s = statements();
        try {
            if (write) {
                s.get(begin).execute();
            }
            T result = work.run(s);
            if (write) {
                s.get("COMMIT").execute();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    private StatementCache statements() throws SQLException {
        if (connection == null) {
            connection = ds.getConnection();
            begin = SqlDialect.of(connection).beginWrite();
            statements = new StatementCache(connection);
        }
        return statements;
    }

    /** After a failure the connection is replaced: closing it rolls back whatever the transaction had begun. */
    private void discard() {
        try {
            close();
        } catch (SQLException ignored) {
            // the connection is gone either way; the next call opens a new one
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connection; StatementCache gone = statements) {
            connection = null;
            statements = null;
        }
    }
}
