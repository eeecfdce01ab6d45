package io.descartes.hub.runners;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.ProtocolErrors;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.RunnerHeartbeat;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.protocol.RunnerUnregister;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote runners (bean {@code runnerRegistry}), held in {@code runners}: the store is the truth, so every hub on a
 * shared store places spawns on, and commands, the runners any hub registered. A runner is live from its
 * runner_register until it unregisters or stays silent (no heartbeat through any hub) for {@code lostAfterMillis};
 * then it is lost, and each of its unfinished agents gets a recorded failed status.
 * Each runner id is bound to the {@link LinkPeer} that registered it, which alone may speak for it while it is live.
 * Several hubs may share the store: a runner's row names the hub it registered or last heartbeat through
 * ({@code hubId}, this hub's server id), which changes when the runner fails over to another hub.
 */
public final class RunnerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerRegistry.class);

    private final RunnerStore store;
    private final Clock clock;
    private final long lostAfterMillis;
    /** No runner is marked lost before this: the runners a restarted hub held as live get the full time to return. */
    private final long sweepsFrom;
    private final String hubId;
    /** Runner id → the peer it registered with (kept after it leaves: its agents' late events are checked too). */
    private final Map<String, LinkPeer> peers = new ConcurrentHashMap<>();
    /**
     * The runners that registered through this hub since it started. A heartbeat from any other is answered
     * {@code known = false}, so the runner registers again with this hub, which is how it learns to attach its agents'
     * bus addresses again (they live in the hub they were attached to: README "Running several hubs").
     */
    private final Set<String> registeredHere = ConcurrentHashMap.newKeySet();

    public RunnerRegistry(RunnerStore store, Clock clock, long lostAfterMillis, String hubId) throws SQLException {
        this.store = store;
        this.clock = clock;
        this.lostAfterMillis = lostAfterMillis;
        this.sweepsFrom = clock.millis() + lostAfterMillis;
        this.hubId = hubId;
        store.peerKeys().forEach((id, key) -> peers.put(id, new LinkPeer(key, true)));
    }

    /**
     * Serves one runner-link message; the answer goes back to the runner. A runner is bound to the peer it registered
     * with: while it is live, another peer's runner_register, heartbeat or unregister for it is refused. Once it
     * unregistered or was marked lost, a register from any peer takes the runner id over.
     */
    public RunnerAck handle(@Body ZmqMessage message, @ExchangeProperty(LinkPeer.PROPERTY) LinkPeer sender)
            throws SQLException {
        long now = clock.millis();
        if (message instanceof RunnerRegister r) {
            LinkPeer bound = peers.get(r.runnerId());
            if (bound != null && !bound.equals(sender) && store.isLive(r.runnerId())) {
                LOG.warn("runner {}: register from {} refused, the runner is live under {}", r.runnerId(),
                        sender.shortName(), bound.shortName());
                throw ProtocolErrors.forbidden(message, "runner " + r.runnerId() + " is live under another identity;"
                        + " it can be registered again once it unregisters or is marked lost");
            }
            store.registered(r, sender.storedKey(), hubId, now);
            peers.put(r.runnerId(), sender);
            registeredHere.add(r.runnerId());
            LOG.info("runner {} registered with hub {}: {} capacity {} labels {} backends {}, {}", r.runnerId(), hubId,
                    r.commandAddress(), r.capacity(), r.labels(), r.backends(), sender.shortName());
            return new RunnerAck(r.runnerId(), true);
        }
        if (message instanceof RunnerHeartbeat h) {
            requireBound(message, h.runnerId(), sender);
            boolean known = registeredHere.contains(h.runnerId()) && store.heartbeat(h.runnerId(), hubId, now);
            if (!known) {
                registeredHere.remove(h.runnerId()); // lost or unregistered meanwhile, perhaps through another hub
            }
            return new RunnerAck(h.runnerId(), known);
        }
        if (message instanceof RunnerUnregister u) {
            requireBound(message, u.runnerId(), sender);
            boolean known = store.isLive(u.runnerId());
            registeredHere.remove(u.runnerId());
            store.status(u.runnerId(), RunnerStore.UNREGISTERED);
            LOG.info("runner {} unregistered", u.runnerId());
            return new RunnerAck(u.runnerId(), known);
        }
        throw new IllegalArgumentException("not a runner message: " + message.type());
    }

    /**
     * Whether this peer speaks for the runner: the one it registered with. A runner the hub knows no peer of (stored
     * without CURVE before a restart, or before V34) is bound to the first peer that speaks for it.
     */
    public boolean speaksFor(String runnerId, LinkPeer sender) throws SQLException {
        LinkPeer bound = peers.putIfAbsent(runnerId, sender);
        if (bound == null) {
            if (sender.durable()) {
                store.boundTo(runnerId, sender.storedKey());
            }
            LOG.info("runner {} bound to {}, the first peer to speak for it", runnerId, sender.shortName());
            return true;
        }
        return bound.equals(sender);
    }

    private void requireBound(ZmqMessage message, String runnerId, LinkPeer sender) {
        LinkPeer bound = peers.get(runnerId);
        if (bound != null && !bound.equals(sender)) {
            throw ProtocolErrors.forbidden(message, "runner " + runnerId + " is registered under another identity");
        }
    }

    /** The live runners that can take a spawn, whichever hub they registered through. */
    public List<RunnerCandidate> candidates() throws SQLException {
        return store.liveCandidates();
    }

    /** How many runners are live, for a gauge: NaN when the store cannot say. */
    public Number liveCount() {
        try {
            return candidates().size();
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    /** The live runner that runs this agent, or null (embedded, unknown, or its runner is gone). */
    public RunnerCandidate runnerOf(String agentId) throws SQLException {
        String runnerId = agentId == null ? null : store.runnerOf(agentId);
        return runnerId == null ? null : candidates().stream().filter(c -> c.id().equals(runnerId)).findFirst().orElse(null);
    }

    /** A remote spawn succeeded: the runner's load counts it from now on (its agents' registry rows). */
    public void assigned(UUID agentId, String runnerId) throws SQLException {
        store.assigned(agentId, runnerId, clock.millis());
    }

    /**
     * Marks the runners silent for longer than the limit as lost; returns the status updates that record
     * their unfinished agents as failed ("runner lost", data.reason = runner_lost). Idempotent: a runner is marked
     * by one sweep only, so with several hubs its agents fail once even if two sweeps overlap.
     */
    public List<StatusUpdate> sweep() throws SQLException {
        long now = clock.millis();
        List<StatusUpdate> lostAgents = new ArrayList<>();
        if (now < sweepsFrom) {
            return lostAgents;
        }
        for (String runnerId : store.markLost(now - lostAfterMillis)) {
            List<String> agents = store.activeAgents(runnerId);
            LOG.warn("runner {} lost: no heartbeat for over {} ms; {} agents lost", runnerId, lostAfterMillis,
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
