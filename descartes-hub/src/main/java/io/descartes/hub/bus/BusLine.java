package io.descartes.hub.bus;

import java.util.Iterator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.agents.AgentBus;
import io.descartes.hub.protocol.BusMembershipAction;
import io.descartes.hub.protocol.BusSubscription;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.ZmqMessage;

/**
 * One marked line of a stdio agent ({@link AgentBus}), read on the hub or on the runner that runs the agent: a message
 * it sends (the HTTP body's fields; its sender is the agent) or a change of its subscriptions
 * ({@code {"kind": "subscribe"|"unsubscribe", "topic"}}, {@code {"kind": "join"|"leave", "channel"}}).
 */
public final class BusLine {

    private BusLine() {
    }

    /** The agent's {@code bus_message} or {@code bus_subscription}; {@link BusRefusal} when the line is neither. */
    public static ZmqMessage read(String agent, String line, int defaultPriority) {
        ObjectNode body = object(line);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!BusMessageRequest.FIELDS.contains(name)) {
                throw BusRefusal.invalid("unknown field '" + name + "' (known: " + String.join(", ",
                        BusMessageRequest.FIELDS.stream().sorted().toList()) + ")");
            }
        }
        if (body.hasNonNull("sender") && !agent.equals(body.get("sender").asText())) {
            throw BusRefusal.forbidden("an agent sends as its own id '" + agent + "', not '" + body.get("sender").asText() + "'");
        }
        String kind = body.path("kind").asText();
        for (BusMembershipAction action : BusMembershipAction.values()) {
            if (action.wire().equals(kind)) {
                JsonNode name = body.get(action.onChannel() ? "channel" : "topic");
                return new BusSubscription(agent, action, name == null ? null : name.asText());
            }
        }
        body.put("sender", agent);
        try {
            return BusMessageRequest.message(body, defaultPriority);
        } catch (ProtocolException e) {
            throw BusRefusal.invalid(e.getMessage());
        }
    }

    /** The id the line gave its message, for the refusal that answers it; "" when it has none. */
    public static String idOf(String line) {
        try {
            JsonNode id = ProtocolJson.MAPPER.readTree(line).get("id");
            return id != null && id.isTextual() ? id.textValue() : "";
        } catch (JsonProcessingException | RuntimeException e) {
            return "";
        }
    }

    private static ObjectNode object(String line) {
        try {
            if (ProtocolJson.MAPPER.readTree(line) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw BusRefusal.invalid("a bus line is '" + AgentBus.MARK + "' and one JSON object: " + e.getOriginalMessage());
        }
        throw BusRefusal.invalid("a bus line is '" + AgentBus.MARK + "' and one JSON object");
    }
}
