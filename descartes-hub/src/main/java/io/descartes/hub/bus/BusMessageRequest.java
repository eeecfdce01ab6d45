package io.descartes.hub.bus;

import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.JsonApi;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.ViewTime;

/** A message as a sender describes it in JSON (an HTTP body, an agent's bus line), before the hub stamps it. */
final class BusMessageRequest {

    static final Set<String> FIELDS = Set.of("id", "kind", "sender", "recipient", "topic", "channel", "request_id",
            "correlation_id", "payload", "priority", "requires_ack", "ttl_secs");

    private BusMessageRequest() {
    }

    /**
     * The message the body describes, as the hub stamps it: now, first attempt not made yet, an id if it has none.
     *
     * @throws ProtocolException naming the field that is wrong
     */
    static BusMessage message(ObjectNode body, int defaultPriority) {
        ObjectNode view = JsonApi.object().put("type", BusMessages.EVENT_TYPE);
        view.put("id", body.hasNonNull("id") ? body.get("id").asText() : UUID.randomUUID().toString());
        for (String field : new String[] {"kind", "sender", "recipient", "topic", "channel", "request_id",
                "correlation_id", "payload", "ttl_secs"}) {
            view.set(field, body.get(field));
        }
        view.set("priority", body.has("priority") ? body.get("priority") : view.numberNode(defaultPriority));
        view.put("timestamp", ViewTime.ofEpochMilli(System.currentTimeMillis()));
        view.put("attempts", 0);
        view.set("requires_ack", body.has("requires_ack") ? body.get("requires_ack") : view.booleanNode(false));
        return (BusMessage) ProtocolJson.fromJson(view);
    }
}
