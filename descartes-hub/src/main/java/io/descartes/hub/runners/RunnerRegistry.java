package io.descartes.hub.runners;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.RunnerHeartbeat;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.protocol.RunnerUnregister;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live remote runners (bean {@code runnerRegistry}), kept in memory for placement and persisted in
 * {@code runners}. A runner is live from its runner_register until it unregisters or stays silent for
 * {@code lostAfterMillis}; then it is lost, and each of its unfinished agents gets a recorded failed status.
 */
public final class RunnerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerRegistry.class);

    /** Null register: a runner the database held as live when the hub started; it has until its deadline to return. */
    private record Live(RunnerRegister register, long lastSeen, long active) {
    }

    private final RunnerStore store;
    private final Clock clock;
    private final long lostAfterMillis;
    private final Map<String, Live> live = new ConcurrentHashMap<>();

    public RunnerRegistry(RunnerStore store, Clock clock, long lostAfterMillis) throws SQLException {
        this.store = store;
        this.clock = clock;
        this.lostAfterMillis = lostAfterMillis;
        for (String id : store.liveRunners()) {
            live.put(id, new Live(null, clock.millis(), 0));
        }
    }

    /** Serves one runner-link message; the answer goes back to the runner. */
    public RunnerAck handle(ZmqMessage message) throws SQLException {
        long now = clock.millis();
        if (message instanceof RunnerRegister r) {
            store.registered(r, now);
            live.put(r.runnerId(), new Live(r, now, 0));
            LOG.info("runner {} registered: {} capacity {} labels {} backends {}", r.runnerId(), r.commandAddress(),
                    r.capacity(), r.labels(), r.backends());
            return new RunnerAck(r.runnerId(), true);
        }
        if (message instanceof RunnerHeartbeat h) {
            Live known = live.computeIfPresent(h.runnerId(), (id, l) -> l.register() == null ? l
                    : new Live(l.register(), now, h.activeAgents()));
            boolean registered = known != null && known.register() != null;
            if (registered) {
                store.heartbeat(h.runnerId(), now);
            }
            return new RunnerAck(h.runnerId(), registered);
        }
        if (message instanceof RunnerUnregister u) {
            boolean known = live.remove(u.runnerId()) != null;
            store.status(u.runnerId(), RunnerStore.UNREGISTERED);
            LOG.info("runner {} unregistered", u.runnerId());
            return new RunnerAck(u.runnerId(), known);
        }
        throw new IllegalArgumentException("not a runner message: " + message.type());
    }

    /** The live runners that can take a spawn. */
    public List<RunnerCandidate> candidates() {
        List<RunnerCandidate> all = new ArrayList<>();
        live.forEach((id, l) -> {
            if (l.register() != null) {
                RunnerRegister r = l.register();
                all.add(new RunnerCandidate(id, r.commandAddress(), r.labels(), r.backends(), r.capacity(), l.active()));
            }
        });
        return all;
    }

    /** The live runner that runs this agent, or null (embedded, unknown, or its runner is gone). */
    public RunnerCandidate runnerOf(String agentId) throws SQLException {
        String runnerId = agentId == null ? null : store.runnerOf(agentId);
        return runnerId == null ? null : candidates().stream().filter(c -> c.id().equals(runnerId)).findFirst().orElse(null);
    }

    /** A remote spawn succeeded: the runner counts it until its next heartbeat reports the real number. */
    public void assigned(UUID agentId, String runnerId) throws SQLException {
        store.assigned(agentId, runnerId, clock.millis());
        live.computeIfPresent(runnerId, (id, l) -> new Live(l.register(), l.lastSeen(), l.active() + 1));
    }

    /**
     * Marks the runners silent for longer than the limit as lost; returns the status updates that record
     * their unfinished agents as failed ("runner lost", data.reason = runner_lost).
     */
    public List<StatusUpdate> sweep() throws SQLException {
        long now = clock.millis();
        List<StatusUpdate> lostAgents = new ArrayList<>();
        for (Map.Entry<String, Live> entry : live.entrySet()) {
            String runnerId = entry.getKey();
            if (now - entry.getValue().lastSeen() <= lostAfterMillis || !live.remove(runnerId, entry.getValue())) {
                continue;
            }
            store.status(runnerId, RunnerStore.LOST);
            List<String> agents = store.activeAgents(runnerId);
            LOG.warn("runner {} lost: no heartbeat for {} ms; {} agents lost", runnerId, now - entry.getValue().lastSeen(),
                    agents.size());
            for (String agent : agents) {
                lostAgents.add(new StatusUpdate(UUID.fromString(agent), StatusUpdateType.ERROR, AgentStatus.FAILED,
                        "runner lost", JsonNodeFactory.instance.objectNode().put("reason", "runner_lost")
                                .put("runner_id", runnerId), WireTime.now()));
            }
        }
        return lostAgents;
    }
}
