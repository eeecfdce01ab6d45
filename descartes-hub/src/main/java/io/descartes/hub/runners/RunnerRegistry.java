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
 * The live remote runners (bean {@code runnerRegistry}), kept in memory for placement and persisted in
 * {@code runners}. A runner is live from its runner_register until it unregisters or stays silent for
 * {@code lostAfterMillis}; then it is lost, and each of its unfinished agents gets a recorded failed status.
 * Each runner id is bound to the {@link LinkPeer} that registered it, which alone may speak for it while it is live.
 * Several hubs may share the store: a runner's row names the hub it registered or last heartbeat through
 * ({@code hubId}, this hub's server id), which changes when the runner fails over to another hub.
 */
public final class RunnerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerRegistry.class);

    /** Null register: a runner the database held as live when the hub started; it has until its deadline to return. */
    private record Live(RunnerRegister register, long lastSeen, long active) {
    }

    private final RunnerStore store;
    private final Clock clock;
    private final long lostAfterMillis;
    private final String hubId;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    /** Runner id → the peer it registered with (kept after it leaves: its agents' late events are checked too). */
    private final Map<String, LinkPeer> peers = new ConcurrentHashMap<>();

    public RunnerRegistry(RunnerStore store, Clock clock, long lostAfterMillis, String hubId) throws SQLException {
        this.store = store;
        this.clock = clock;
        this.lostAfterMillis = lostAfterMillis;
        this.hubId = hubId;
        for (String id : store.liveRunners()) {
            live.put(id, new Live(null, clock.millis(), 0));
        }
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
            if (live.containsKey(r.runnerId()) && bound != null && !bound.equals(sender)) {
                LOG.warn("runner {}: register from {} refused, the runner is live under {}", r.runnerId(),
                        sender.shortName(), bound.shortName());
                throw ProtocolErrors.forbidden(message, "runner " + r.runnerId() + " is live under another identity;"
                        + " it can be registered again once it unregisters or is marked lost");
            }
            store.registered(r, sender.storedKey(), hubId, now);
            peers.put(r.runnerId(), sender);
            live.put(r.runnerId(), new Live(r, now, 0));
            LOG.info("runner {} registered with hub {}: {} capacity {} labels {} backends {}, {}", r.runnerId(), hubId,
                    r.commandAddress(), r.capacity(), r.labels(), r.backends(), sender.shortName());
            return new RunnerAck(r.runnerId(), true);
        }
        if (message instanceof RunnerHeartbeat h) {
            requireBound(message, h.runnerId(), sender);
            Live known = live.computeIfPresent(h.runnerId(), (id, l) -> l.register() == null ? l
                    : new Live(l.register(), now, h.activeAgents()));
            boolean registered = known != null && known.register() != null;
            if (registered) {
                store.heartbeat(h.runnerId(), hubId, now);
            }
            return new RunnerAck(h.runnerId(), registered);
        }
        if (message instanceof RunnerUnregister u) {
            requireBound(message, u.runnerId(), sender);
            boolean known = live.remove(u.runnerId()) != null;
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
