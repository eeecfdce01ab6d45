package io.descartes.hub.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.protocol.WireTime;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;

/**
 * custom_action: upstream's built-ins (echo, ping, get_env) plus one per route that consumes
 * {@code direct:custom-action-<name>}. Such a route gets the params as JSON text in the body and the headers
 * {@value DescartesHeaders#AGENT_ID} / {@value #ACTION_HEADER}; its result body becomes the response's {@code result}.
 */
public final class CustomActions {
    public static final String ACTION_HEADER = "DescartesAction";
    private static final String ROUTE_PREFIX = "direct://custom-action-";
    private static final List<String> BUILT_IN = List.of("echo", "ping", "get_env");

    private final CamelContext context;
    private final ProducerTemplate template;
    private final ObjectMapper json;

    public CustomActions(CamelContext context, ProducerTemplate template, ObjectMapper json) {
        this.context = context;
        this.template = template;
        this.json = json;
    }

    public JsonNode run(RunningAgent agent, String action, JsonNode params) {
        ObjectNode data = json.createObjectNode().put("action", action);
        switch (action) {
            case "echo" -> data.set("result", params);
            case "ping" -> data.put("agent_id", agent.id().toString()).put("result", "pong");
            case "get_env" -> data.set("result", json.createObjectNode()
                    .put("agent_id", agent.id().toString())
                    .put("last_status_update_secs", WireTime.now().secs())
                    .put("name", agent.config().name())
                    .put("status", agent.status().wire()));
            default -> {
                if (!routeActions().contains(action)) {
                    throw AgentFailure.invalid("Unknown custom action '" + action + "'. Available actions: "
                            + String.join(", ", available()));
                }
                Object result;
                try {
                    result = template.requestBodyAndHeaders(ROUTE_PREFIX + action, params.toString(),
                            Map.of(DescartesHeaders.AGENT_ID, agent.id().toString(), ACTION_HEADER, action));
                } catch (CamelExecutionException e) {
                    // a route refusing the action (conflict, invalid params) answers like a built-in would
                    throw e.getCause() instanceof AgentFailure failure ? failure : e;
                }
                data.set("result", result instanceof JsonNode node ? node : json.valueToTree(result));
            }
        }
        return data;
    }

    private List<String> available() {
        List<String> all = new ArrayList<>(BUILT_IN);
        all.addAll(routeActions());
        return all;
    }

    /** Looked up per call, so a route added or reloaded at runtime is served at once. */
    private List<String> routeActions() {
        return context.getRoutes().stream().map(Route::getEndpoint).map(e -> e.getEndpointUri())
                .filter(uri -> uri.startsWith(ROUTE_PREFIX)).map(uri -> uri.substring(ROUTE_PREFIX.length()))
                .sorted().toList();
    }
}
