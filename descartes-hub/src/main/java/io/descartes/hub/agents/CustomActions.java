package io.descartes.hub.agents;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.protocol.WireTime;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;

/**
 * custom_action (bean {@code customActions}): sends the action to {@value #ENDPOINT}, whose route
 * (routes/custom-actions.camel.yaml) chooses between upstream's built-ins (echo, ping, get_env) and a route that
 * consumes {@code direct:custom-action-<name>}. The route gets the params as JSON text in the body (the tree in
 * {@value #PARAMS}) and the headers {@value DescartesHeaders#AGENT_ID} / {@value #ACTION_HEADER}; the body it
 * leaves becomes the response's {@code result}.
 */
public final class CustomActions {
    public static final String ACTION_HEADER = "DescartesAction";
    public static final String ENDPOINT = "direct:custom-action";
    /** JsonNode: the params as sent. */
    public static final String PARAMS = "DescartesActionParams";
    /** RunningAgent: the agent the action is for. */
    public static final String AGENT = "DescartesActionAgent";
    /** String: an agent id the action's data carries beside its result (upstream's ping does). */
    public static final String DATA_AGENT_ID = "DescartesActionAgentId";
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
        Exchange done = template.send(ENDPOINT, exchange -> {
            exchange.setProperty(PARAMS, params);
            exchange.setProperty(AGENT, agent);
            exchange.getMessage().setHeader(DescartesHeaders.AGENT_ID, agent.id().toString());
            exchange.getMessage().setHeader(ACTION_HEADER, action);
            exchange.getMessage().setBody(params.toString());
        });
        Exception failed = done.getException();
        if (failed != null) {
            // a route refusing the action (conflict, invalid params) answers like a built-in would
            throw failed instanceof AgentFailure failure ? failure
                    : CamelExecutionException.wrapCamelExecutionException(done, failed);
        }
        ObjectNode data = json.createObjectNode().put("action", action);
        String agentId = done.getProperty(DATA_AGENT_ID, String.class);
        if (agentId != null) {
            data.put("agent_id", agentId);
        }
        Object result = done.getMessage().getBody();
        data.set("result", result instanceof JsonNode node ? node : json.valueToTree(result));
        return data;
    }

    /** The get_env built-in's result. */
    public ObjectNode environment(@ExchangeProperty(AGENT) RunningAgent agent) {
        return json.createObjectNode()
                .put("agent_id", agent.id().toString())
                .put("last_status_update_secs", WireTime.now().secs())
                .put("name", agent.config().name())
                .put("status", agent.status().wire());
    }

    /** Whether a route serves the action; looked up per call, so a route added or reloaded at runtime is served at once. */
    public boolean served(@Header(ACTION_HEADER) String action) {
        return routeActions().contains(action);
    }

    /** Upstream's refusal of an action nobody serves, word for word. */
    public void unknown(@Header(ACTION_HEADER) String action) {
        List<String> available = new ArrayList<>(BUILT_IN);
        available.addAll(routeActions());
        throw AgentFailure.invalid("Unknown custom action '" + action + "'. Available actions: "
                + String.join(", ", available));
    }

    private List<String> routeActions() {
        return context.getRoutes().stream().map(Route::getEndpoint).map(e -> e.getEndpointUri())
                .filter(uri -> uri.startsWith(ROUTE_PREFIX)).map(uri -> uri.substring(ROUTE_PREFIX.length()))
                .sorted().toList();
    }
}
