package io.descartes.hub.agents;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.RewoundAgents;

/**
 * What a rewound agent without a process is started again with when it is resumed: the context the
 * rewind restored, read from its agents row ({@link RewoundAgents}). Only the hub keeps the registry;
 * a remote runner has none, so there nothing is respawned.
 */
public final class RestoredConfigs {

    private final AgentStore registry;
    private final ObjectMapper json;

    /** @param registry the agents registry, null where there is none (runner mode) */
    public RestoredConfigs(AgentStore registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** The restored config when the agent's row says it was rewound and has no process; empty otherwise. */
    public Optional<AgentConfig> of(UUID agentId) throws SQLException {
        if (registry == null) {
            return Optional.empty();
        }
        String status = registry.status(agentId.toString());
        String metadata = registry.metadata(agentId.toString());
        if (status == null || !AgentStatus.fromWire(status).isTerminal() || metadata == null) {
            return Optional.empty();
        }
        JsonNode row = parse(metadata);
        JsonNode to = row.path(RewoundAgents.REWOUND_TO);
        if (!RewoundAgents.REWOUND.equals(row.path(RewoundAgents.STATUS_REASON).asText(null)) || !to.isObject()) {
            return Optional.empty();
        }
        String backend = to.path("backend").asText(null);
        if (backend == null) {
            throw AgentFailure.conflict("Cannot respawn agent " + agentId + ": it was rewound to before its spawn, "
                    + "so no backend is known");
        }
        return Optional.of(new AgentConfig(to.path("name").asText(null), backend, to.path("task").asText(null),
                to.path("context").asText(null), null, Map.of(), null, null, null));
    }

    private JsonNode parse(String metadata) {
        try {
            return json.readTree(metadata);
        } catch (JsonProcessingException e) {
            return json.createObjectNode(); // not the hub's JSON: no rewind recorded in it
        }
    }
}
