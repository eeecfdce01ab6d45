package io.descartes.hub.agents;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.RewoundAgents;

/**
 * What a rewound agent without a process is started again with when it is resumed: the context the
 * rewind restored, read from its agents row ({@link RewoundAgents}). Only the hub keeps the registry: for an agent
 * of a remote runner, the hub puts the restored config in the resume it forwards ({@link #respawnPayload}), and the
 * runner, which has no registry, starts the agent from that.
 */
public final class RestoredConfigs {

    /** The key of a forwarded resume's payload that holds the config to respawn with. */
    static final String RESPAWN = "respawn";
    /** The key a remote spawn leaves in the agents row: the runner the agent was placed on. */
    private static final String RUNNER = "runner";

    private final AgentStore registry;
    private final ObjectMapper json;

    /** @param registry the agents registry, null where there is none (runner mode) */
    public RestoredConfigs(AgentStore registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /**
     * The config to respawn with when a resume finds the agent without a process: on the hub, the one its row
     * restored; on a runner, the one the hub's resume carries. An agent of a remote runner cannot be respawned by the
     * hub's embedded runner (its workspace is on the runner): such a resume reaches the hub only while that runner is
     * not connected, and is refused.
     */
    public Optional<AgentConfig> of(UUID agentId, JsonNode payload) throws SQLException {
        if (registry == null) {
            JsonNode restored = payload == null ? null : payload.get(RESPAWN);
            return restored == null || !restored.isObject() ? Optional.empty() : Optional.of(config(restored));
        }
        Optional<JsonNode> row = rewound(agentId);
        if (row.isPresent() && row.get().path(RUNNER).isTextual()) {
            throw AgentFailure.conflict("Cannot respawn agent " + agentId + ": its workspace is on runner "
                    + row.get().get(RUNNER).textValue() + ", which is not connected; resume it once the runner is back");
        }
        return row.map(r -> config(agentId, r.get(RewoundAgents.REWOUND_TO)));
    }

    /** For a resume forwarded to the agent's remote runner: a payload carrying the restored config, if there is one. */
    public Optional<JsonNode> respawnPayload(UUID agentId) throws SQLException {
        return rewound(agentId).map(r -> {
            AgentConfig c = config(agentId, r.get(RewoundAgents.REWOUND_TO));
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            payload.putObject(RESPAWN).put("name", c.name()).put("model_backend", c.modelBackend()).put("task", c.task())
                    .put("context", c.context());
            return payload;
        });
    }

    /** The agents row's metadata when it says the agent was rewound and has no process. */
    private Optional<JsonNode> rewound(UUID agentId) throws SQLException {
        String status = registry.status(agentId.toString());
        String metadata = registry.metadata(agentId.toString());
        if (status == null || !AgentStatus.fromWire(status).isTerminal() || metadata == null) {
            return Optional.empty();
        }
        JsonNode row = parse(metadata);
        if (!RewoundAgents.REWOUND.equals(row.path(RewoundAgents.STATUS_REASON).asText(null))
                || !row.path(RewoundAgents.REWOUND_TO).isObject()) {
            return Optional.empty();
        }
        return Optional.of(row);
    }

    private static AgentConfig config(UUID agentId, JsonNode to) {
        if (to.path("backend").asText(null) == null) {
            throw AgentFailure.conflict("Cannot respawn agent " + agentId + ": it was rewound to before its spawn, "
                    + "so no backend is known");
        }
        return new AgentConfig(to.path("name").asText(null), to.get("backend").asText(), to.path("task").asText(null),
                to.path("context").asText(null), null, Map.of(), null, null, null);
    }

    private static AgentConfig config(JsonNode respawn) {
        return new AgentConfig(respawn.path("name").asText(null), respawn.path("model_backend").asText(null),
                respawn.path("task").asText(null), respawn.path("context").asText(null), null, Map.of(), null, null, null);
    }

    private JsonNode parse(String metadata) {
        try {
            return json.readTree(metadata);
        } catch (JsonProcessingException e) {
            return json.createObjectNode(); // not the hub's JSON: no rewind recorded in it
        }
    }
}
