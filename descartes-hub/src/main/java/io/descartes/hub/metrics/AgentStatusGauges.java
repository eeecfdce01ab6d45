package io.descartes.hub.metrics;

import java.sql.SQLException;

import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.store.AgentStore;

/**
 * {@code descartes_agents{status}}: the registry's agents per status, read from the {@code agents} table
 * on each scrape (one indexed count per status), so a scrape never shows a stale registry.
 */
public final class AgentStatusGauges {

    private AgentStatusGauges() {
    }

    public static void register(HubMeters meters, AgentStore store) {
        for (AgentStatus status : AgentStatus.values()) {
            meters.gauge("descartes.agents", "agents in the registry, by status",
                    () -> count(store, status.wire()), "status", status.wire());
        }
    }

    private static double count(AgentStore store, String status) {
        try {
            return store.countWithStatus(status);
        } catch (SQLException e) {
            return Double.NaN; // Prometheus shows the gap instead of a made-up zero
        }
    }
}
