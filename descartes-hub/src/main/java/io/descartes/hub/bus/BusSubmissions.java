package io.descartes.hub.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonApi;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.ProtocolException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * A message sent as JSON by a person or a system ({@code POST /api/bus/messages}, a channel's WebSocket): stamped by
 * the hub, then sent down {@code direct:bus-send} like one from ZeroMQ. Refusals come out as {@link ApiException}s.
 */
final class BusSubmissions {

    private final ProducerTemplate routes;
    private final BusSettings settings;

    BusSubmissions(ProducerTemplate routes, BusSettings settings) {
        this.routes = routes;
        this.settings = settings;
    }

    /** The message the body describes, as the hub stamps it: now, first attempt not made yet, an id if it has none. */
    BusMessage message(ObjectNode body) {
        try {
            return BusMessageRequest.message(body, settings.defaultPriority());
        } catch (ProtocolException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Stores the message (blocks until committed): its reply; 4xx for a refusal, 503 when it could not be stored. */
    BusReply send(BusMessage message) {
        if (BusMessages.HUB.equals(message.sender())) {
            throw new ApiException(403, "sender '" + BusMessages.HUB + "' is the hub's own");
        }
        Exchange sent = routes.request("direct:bus-send", e -> e.getMessage().setBody(message));
        if (sent.getException() instanceof BusRefusal refusal) {
            throw new ApiException(refusal.httpStatus(), refusal.code() + ": " + refusal.getMessage());
        }
        if (sent.getException() != null) {
            throw new ApiException(503, "the message could not be stored; send it again with the same id");
        }
        return sent.getMessage().getBody(BusReply.class);
    }

    /** The reply as JSON: {@code {id, stored_id, duplicate}}. */
    static ObjectNode stored(BusReply reply) {
        return JsonApi.object().put("id", reply.ref()).put("stored_id", reply.storedId()).put("duplicate", reply.duplicate());
    }
}
