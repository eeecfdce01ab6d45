package io.descartes.hub.runners;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.descartes.hub.ingest.AgentIds;
import io.descartes.hub.protocol.ProtocolErrors;
import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may send events about an agent on the runner link (bean {@code agentOwnerGuard}): for an agent placed on a
 * remote runner, that runner's peer; for an agent the hub runs itself, nobody; for any other agent (an upstream agent
 * reporting directly), the first peer that reported it. Anything else is refused as {@code forbidden}, which the
 * route's error handler answers and dead-letters before anything is recorded.
 * An agent the hub spawned stays the hub's after a restart ended it, so nobody can claim it then.
 * <p>The store is the truth ({@code runner_agents}, {@code agent_reporters}); each agent is looked up there once, the
 * first time it is heard of after a start, and kept here, so a frame in the steady state costs two map lookups.
 * Without CURVE a claim belongs to the reporting connection and lives in memory only: after a hub restart the next
 * reporter claims the agent anew, and until then a reporter that comes back on a new connection is refused.
 */
public final class AgentOwners implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AgentOwners.class);

    /** Who speaks for one agent. */
    private sealed interface Owner {
    }

    /** Run by the hub's embedded runner: its events never come over the link. */
    private record Hub() implements Owner {
    }

    private record Runner(String runnerId) implements Owner {
    }

    private record Reporter(LinkPeer peer) implements Owner {
    }

    private static final Owner HUB = new Hub();

    private final RunnerStore store;
    private final RunnerRegistry runners;
    private final Predicate<UUID> runByHub;
    private final Map<UUID, Owner> owners = new ConcurrentHashMap<>();

    public AgentOwners(RunnerStore store, RunnerRegistry runners, Predicate<UUID> runByHub) {
        this.store = store;
        this.runners = runners;
        this.runByHub = runByHub;
    }

    @Override
    public void process(Exchange exchange) throws SQLException {
        ZmqMessage message = (ZmqMessage) exchange.getMessage().getBody();
        UUID agent = AgentIds.of(message);
        if (agent == null) {
            return; // about no agent: nothing to own
        }
        LinkPeer sender = (LinkPeer) exchange.getProperty(LinkPeer.PROPERTY);
        Owner owner = owners.get(agent);
        if (owner == null) {
            owner = resolve(agent, sender);
        }
        String refusal = refusal(owner, agent, sender);
        if (refusal != null) {
            LOG.warn("runner link: {} from {} refused: {}", message.type(), sender.shortName(), refusal);
            throw ProtocolErrors.forbidden(message, refusal);
        }
    }

    /** Why this sender may not report the agent, or null when it may. */
    private String refusal(Owner owner, UUID agent, LinkPeer sender) throws SQLException {
        if (owner instanceof Runner r) {
            return runners.speaksFor(r.runnerId(), sender) ? null
                    : "agent " + agent + " runs on runner " + r.runnerId() + "; only that runner may report it";
        }
        if (owner instanceof Reporter r) {
            return r.peer().equals(sender) ? null
                    : "agent " + agent + " is reported by another peer; only that peer may report it";
        }
        return "agent " + agent + " is run by the hub itself; the runner link takes no events about it";
    }

    /** A remote spawn succeeded: from now on the agent's events come from that runner only. */
    public void placed(UUID agent, String runnerId) {
        owners.put(agent, new Runner(runnerId));
    }

    /** First frame about this agent since the start: the store decides, else the sender claims it. */
    private Owner resolve(UUID agent, LinkPeer sender) throws SQLException {
        RunnerStore.AgentSpeaker stored = store.speakerOf(agent.toString());
        Owner found;
        if (stored.runnerId() != null) {
            found = new Runner(stored.runnerId());
        } else if (runByHub.test(agent) || stored.spawnedByHub()) {
            found = HUB;
        } else if (stored.reporterKey() != null) {
            found = new Reporter(new LinkPeer(stored.reporterKey(), true));
        } else {
            Owner claim = new Reporter(sender);
            Owner raced = owners.putIfAbsent(agent, claim);
            if (raced != null) {
                return raced;
            }
            if (sender.durable()) { // a connection's routing id would mean nothing after a restart
                store.reported(agent.toString(), sender.storedKey());
            }
            return claim;
        }
        Owner raced = owners.putIfAbsent(agent, found);
        return raced == null ? found : raced;
    }
}
