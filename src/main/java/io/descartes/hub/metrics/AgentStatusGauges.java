package io.descartes.hub.metrics;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.store.AgentStore;

/**
 * {@code descartes_agents{status}}: the registry's agents per status. One scrape reads every status
 * gauge; they share one {@code GROUP BY} that is at most a second old, instead of a query each.
 */
public final class AgentStatusGauges {

    private static final long MAX_AGE_MILLIS = 1000;

    private final AgentStore store;
    private final Clock clock;
    private Map<String, Long> counts = Map.of();
    private long readAt;

    private AgentStatusGauges(AgentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static void register(HubMeters meters, AgentStore store, Clock clock) {
        AgentStatusGauges gauges = new AgentStatusGauges(store, clock);
        for (AgentStatus status : AgentStatus.values()) {
            meters.gauge("descartes.agents", "agents in the registry, by status",
                    () -> gauges.count(status.wire()), "status", status.wire());
        }
    }

    private synchronized double count(String status) {
        long now = clock.millis();
        if (readAt == 0 || now - readAt > MAX_AGE_MILLIS) {
            try {
                counts = store.countByStatus();
                readAt = now;
            } catch (SQLException e) {
                return Double.NaN; // Prometheus shows the gap instead of a made-up zero
            }
        }
        return counts.getOrDefault(status, 0L);
    }
}
