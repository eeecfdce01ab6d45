package io.descartes.hub.runners;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Somewhere to run agents: the live remote runners (ids, load, capacity), and whether the embedded
 * runner takes spawns. With the embedded runner off and no remote runner live, every spawn would fail,
 * so the hub is not ready; it is still alive (runners reconnect on their own), hence readiness only.
 */
public final class RunnersHealthCheck extends AbstractHealthCheck {

    private final RunnerRegistry runners;
    private final boolean embeddedEnabled;

    public RunnersHealthCheck(RunnerRegistry runners, boolean embeddedEnabled) {
        super("descartes", "runners");
        this.runners = runners;
        this.embeddedEnabled = embeddedEnabled;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<RunnerCandidate> live;
        try {
            live = runners.candidates();
        } catch (SQLException e) {
            builder.message("the runners cannot be read from the store: " + e.getMessage()).error(e).down();
            return;
        }
        builder.detail("embedded.enabled", embeddedEnabled);
        builder.detail("remote.live", live.size());
        for (RunnerCandidate r : live) {
            builder.detail("remote." + r.id(), r.active() + "/" + r.capacity() + " agents");
        }
        if (!embeddedEnabled && live.isEmpty()) {
            builder.message("the embedded runner is off and no remote runner is live: spawns cannot be placed").down();
        } else {
            builder.up();
        }
    }
}
