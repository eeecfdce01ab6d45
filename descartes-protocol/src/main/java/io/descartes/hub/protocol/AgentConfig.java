package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What to spawn (array of 9). Every field has a serde default, so shorter arrays decode.
 *
 * @param environment never null: the wire sends an empty map, not nil
 * @param agents sub-agent definitions, name to any JSON value
 */
public record AgentConfig(String name, String modelBackend, String task, String context, String systemPrompt,
                          Map<String, String> environment, String model, String toolLevel,
                          Map<String, JsonNode> agents) {

    public AgentConfig {
        environment = environment == null ? Map.of() : environment;
    }

    /** A config with only the three basic fields set. */
    public static AgentConfig of(String name, String modelBackend, String task) {
        return new AgentConfig(name, modelBackend, task, null, null, Map.of(), null, null, null);
    }
}
