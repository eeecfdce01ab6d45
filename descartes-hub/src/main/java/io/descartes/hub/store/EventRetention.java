package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of the event log ({@code hub.events.retention.*}, run by routes/retention.camel.yaml): deletes the events
 * of agents that finished longer ago than the maximum age. It never deletes what a rewind replays: brain replay reads
 * an agent's events from its first one up to the target, so every event up to the agent's newest snapshot stays; an
 * agent that is not finished, or not in the registry, keeps everything. The idempotency keys of deleted events stay
 * too, so a frame re-sent after its event went is still acknowledged as a duplicate, never stored a second time.
 */
public final class EventRetention {

    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);

    /** The newest event of the agent that a snapshot's replay reads; 0 when it has no snapshot. */
    private static final String KEPT_UP_TO =
            "COALESCE((SELECT max(s.last_event_id) FROM snapshots s WHERE s.agent_id = a.id), 0)";

    private final DataSource dataSource;
    private final Duration maxAge;
    private final int batchSize;
    private final Clock clock;
    private final String finishedAgents;
    private final List<String> finishedStatuses;

    /** @param finishedStatuses the registry statuses of agents that never change again */
    public EventRetention(DataSource dataSource, Duration maxAge, int batchSize, Set<String> finishedStatuses,
                          Clock clock) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("hub.events.retention.max-age must not be negative: " + maxAge);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("hub.events.retention.batch-size must be >= 1");
        }
        this.dataSource = dataSource;
        this.maxAge = maxAge;
        this.batchSize = batchSize;
        this.clock = clock;
        this.finishedStatuses = List.copyOf(finishedStatuses);
        this.finishedAgents = "a.status IN (" + String.join(", ", Collections.nCopies(finishedStatuses.size(), "?"))
                + ") AND a.updated_at < ?";
    }

    /** Deletes what has expired now; returns how many events went. */
    public long purge() throws SQLException {
        long cutoff = clock.instant().minus(maxAge).getEpochSecond();
        long deleted = 0;
        for (String agentId : agentsWithExpiredEvents(cutoff)) {
            deleted += deleteExpired(agentId, cutoff);
        }
        if (deleted > 0) {
            LOG.info("event retention: deleted {} events of agents finished before {}", deleted,
                    clock.instant().minus(maxAge));
        }
        return deleted;
    }

    private List<String> agentsWithExpiredEvents(long cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT a.id FROM agents a WHERE " + finishedAgents
                     + " AND EXISTS (SELECT 1 FROM events e WHERE e.agent_id = a.id AND e.id > " + KEPT_UP_TO + ")")) {
            bindFinished(ps, 1, cutoff);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * A batch per transaction, so the journal writer waits for one batch at most. Each batch checks again that the
     * agent is still finished and long enough ago, and which events its snapshots need, as of its own transaction.
     */
    private long deleteExpired(String agentId, long cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE id IN (SELECT e.id FROM events e "
                     + "JOIN agents a ON a.id = e.agent_id WHERE a.id = ? AND " + finishedAgents
                     + " AND e.id > " + KEPT_UP_TO + " ORDER BY e.id LIMIT ?)")) {
            ps.setString(1, agentId);
            ps.setInt(bindFinished(ps, 2, cutoff), batchSize);
            long total = 0;
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == batchSize);
            return total;
        }
    }

    /** Binds the statuses and the cutoff from {@code first}; returns the next parameter index. */
    private int bindFinished(PreparedStatement ps, int first, long cutoff) throws SQLException {
        int i = first;
        for (String status : finishedStatuses) {
            ps.setString(i++, status);
        }
        ps.setLong(i++, cutoff);
        return i;
    }
}
