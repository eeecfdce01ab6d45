package io.descartes.hub.agents;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.descartes.hub.http.Json;
import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.store.AgentRow;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.HubPresence;

/**
 * The hub's agents as the store records them (bean {@code agentRegistry}): the one source of what the HTTP API,
 * list_agents_request and the dashboard report, for embedded and remote agents, before and after a restart.
 */
public final class AgentRegistry implements AgentDirectory {

    /** Why an agent of the embedded runner that was active when the hub stopped is failed now. */
    public static final String HUB_RESTARTED = "hub_restarted";
    /** Why an embedded agent of another hub on a shared store is failed when that hub is gone. */
    public static final String HUB_LOST = "hub_lost";

    /** One page, oldest first; {@code hasMore} when agents follow the last one. */
    public record Page(List<RegisteredAgent> agents, boolean hasMore) {
    }

    private final AgentStore store;
    private final EmbeddedRunner embedded;
    private final HubPresence presence;

    public AgentRegistry(AgentStore store, EmbeddedRunner embedded, HubPresence presence) {
        this.store = store;
        this.embedded = embedded;
        this.presence = presence;
    }

    /** @param after the agent the previous page ended with, or null; unknown → {@link AgentFailure#notFound} */
    public Page page(AgentStatus status, UUID after, int limit) throws SQLException {
        AgentRow cursor = after == null ? null
                : store.findById(after.toString()).orElseThrow(() -> AgentFailure.notFound(after));
        List<AgentRow> rows = store.find(status == null ? null : status.wire(), cursor, limit + 1L);
        boolean hasMore = rows.size() > limit;
        return new Page(rows.stream().limit(limit).map(RegisteredAgent::of).toList(), hasMore);
    }

    public Optional<RegisteredAgent> get(UUID id) throws SQLException {
        return store.findById(id.toString()).map(RegisteredAgent::of);
    }

    @Override
    public List<AgentInfo> list(AgentStatus status, long limit) throws SQLException {
        return store.find(status == null ? null : status.wire(), null, limit).stream()
                .map(row -> RegisteredAgent.of(row).info()).toList();
    }

    /**
     * At start: the embedded runner's agents the registry still shows active ran in a hub that stopped without
     * recording their end, so they no longer run. Their true final state, as status updates to record. On a store
     * several hubs share, the agents of another hub that still runs are its own (the hub that spawned an agent is in
     * its row's metadata, {@code hub}).
     */
    public List<StatusUpdate> endedWithTheHub() throws SQLException {
        return ended(row -> {
            String other = otherHub(row);
            return !embedded.has(UUID.fromString(row.id())) && (other == null || !presence.alive(other));
        }, HUB_RESTARTED, "the hub stopped while the agent ran");
    }

    /**
     * Periodically, on a store several hubs share (one hub sweeps, route agent-registry-sweep): the embedded agents of
     * other hubs whose presence is gone ended with them; their final state, as status updates to record. A hub alone
     * on its store fails its earlier starts' agents when it starts ({@link #endedWithTheHub}).
     */
    public List<StatusUpdate> endedWithAnotherHub() throws SQLException {
        if (!presence.shared()) {
            return List.of();
        }
        return ended(row -> {
            String other = otherHub(row);
            return other != null && !presence.alive(other);
        }, HUB_LOST, "the hub running the agent stopped");
    }

    /** The embedded runner's agents (they have a pid; one that reports by itself has none) still active and ended. */
    private List<StatusUpdate> ended(RowCheck endedWithItsHub, String reason, String why) throws SQLException {
        List<StatusUpdate> ended = new ArrayList<>();
        for (AgentRow row : store.activeWithoutRunner()) {
            if (RegisteredAgent.of(row).pid() != null && endedWithItsHub.test(row)) {
                ended.add(new StatusUpdate(UUID.fromString(row.id()), StatusUpdateType.ERROR, AgentStatus.FAILED,
                        why + " (it was " + row.status() + ")",
                        JsonNodeFactory.instance.objectNode().put("reason", reason), WireTime.now()));
            }
        }
        return ended;
    }

    @FunctionalInterface
    private interface RowCheck {
        boolean test(AgentRow row) throws SQLException;
    }

    /** The hub instance that spawned the agent when it is not this one, else (or when its row does not say) null. */
    private String otherHub(AgentRow row) {
        String hub;
        try {
            hub = row.metadata() == null ? null : Json.MAPPER.readTree(row.metadata()).path("hub").textValue();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agents row metadata of " + row.id() + " is not JSON", e);
        }
        return presence.instance().equals(hub) ? null : hub;
    }
}
