package io.descartes.hub.bus;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonApi;
import io.descartes.hub.http.JsonApi.Reply;
import io.descartes.hub.http.Page;
import io.descartes.hub.http.QueryParameters;
import io.descartes.hub.protocol.BusMembershipAction;
import io.descartes.hub.protocol.BusReply;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * {@code /api/bus} (bean {@code busHttpApi}, routes/http-bus.camel.yaml): send a message as any address (the token is
 * the operator's), read the history, manage subscriptions and channel membership. A message takes the same route as
 * one from ZeroMQ ({@code direct:bus-send}).
 */
public final class BusHttpApi {

    private static final Set<String> HISTORY_PARAMETERS =
            Set.of("channel", "topic", "sender", "recipient", "correlation_id", "after", "limit");

    private final JsonApi api;
    private final BusStore store;
    private final BusMemberships memberships;
    private final BusSubmissions submissions;
    private final ObjectMapper json;
    private final int defaultLimit;
    private final int maxLimit;

    public BusHttpApi(JsonApi api, BusStore store, BusMemberships memberships, ProducerTemplate routes,
                      ObjectMapper json, BusSettings settings, int defaultLimit, int maxLimit) {
        this.api = api;
        this.store = store;
        this.memberships = memberships;
        this.submissions = new BusSubmissions(routes, settings);
        this.json = json;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /**
     * {@code POST /api/bus/messages} -> 201 {@code {id, stored_id, duplicate: false}}, 200 for a re-send of a stored
     * id (nothing stored again), 400/403/404 for a refusal, 503 when it could not be stored (send it again).
     */
    public void send(Exchange exchange) {
        respond(exchange, "bus send", () -> {
            BusReply reply = submissions.send(submissions.message(api.body(exchange, BusMessageRequest.FIELDS)));
            return new Reply(reply.duplicate() ? 200 : 201, BusSubmissions.stored(reply), null);
        });
    }

    /** {@code GET /api/bus/messages?channel=&topic=&sender=&recipient=&correlation_id=&after=&limit=}, oldest first. */
    public void history(Exchange exchange) {
        respond(exchange, "bus history", () -> {
            QueryParameters q = QueryParameters.parse(exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class),
                    HISTORY_PARAMETERS);
            long after = q.cursor("after");
            int limit = q.limit("limit", defaultLimit, maxLimit);
            var rows = store.history(new BusStore.HistoryQuery(q.text("channel"), q.text("topic"), q.text("sender"),
                    q.text("recipient"), q.text("correlation_id"), after, limit));
            return Reply.ok(Page.after("messages", rows, after, limit, BusStore.Stored::eventId, this::json));
        });
    }

    /** {@code GET /api/bus/channels}: {@code {channels: [name]}}, those with members or messages. */
    public void channels(Exchange exchange) {
        respond(exchange, "bus channels", () -> {
            ObjectNode body = JsonApi.object();
            ArrayNode list = body.putArray("channels");
            store.channels().forEach(list::add);
            return Reply.ok(body);
        });
    }

    /** {@code GET /api/bus/topics/{topic}/subscribers}, {@code GET /api/bus/channels/{channel}/members}. */
    public void members(Exchange exchange) {
        respond(exchange, "bus members", () -> {
            boolean channel = JsonApi.parameter(exchange, "channel") != null;
            String name = BusNames.address(channel ? "channel" : "topic", group(exchange, channel));
            ObjectNode body = JsonApi.object().put(channel ? "channel" : "topic", name);
            ArrayNode list = body.putArray(channel ? "members" : "subscribers");
            store.members(channel, name).forEach(list::add);
            return Reply.ok(body);
        });
    }

    /** {@code PUT} (subscribe, join) or {@code DELETE} (unsubscribe, leave) one address: 200 {@code {..., changed}}. */
    public void membership(Exchange exchange) {
        respond(exchange, "bus membership", () -> {
            boolean channel = JsonApi.parameter(exchange, "channel") != null;
            boolean add = "PUT".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
            BusMembershipAction action = channel ? (add ? BusMembershipAction.JOIN : BusMembershipAction.LEAVE)
                    : (add ? BusMembershipAction.SUBSCRIBE : BusMembershipAction.UNSUBSCRIBE);
            String name = group(exchange, channel);
            String address = JsonApi.parameter(exchange, "address");
            boolean changed = memberships.change(action, name, address);
            return Reply.ok(JsonApi.object().put(channel ? "channel" : "topic", name).put("address", address)
                    .put("action", action.wire()).put("changed", changed));
        });
    }

    private static String group(Exchange exchange, boolean channel) {
        return JsonApi.parameter(exchange, channel ? "channel" : "topic");
    }

    /** {@link JsonApi#respond} with the bus's refusals as 4xx errors. */
    private void respond(Exchange exchange, String what, JsonApi.Handler handler) {
        api.respond(exchange, what, () -> {
            try {
                return handler.handle();
            } catch (BusRefusal refusal) {
                throw new ApiException(refusal.httpStatus(), refusal.code() + ": " + refusal.getMessage());
            }
        });
    }

    private JsonNode json(BusStore.Stored row) {
        try {
            ObjectNode message = (ObjectNode) json.readTree(row.content());
            message.remove("type");
            message.put("stored_id", row.eventId());
            ArrayNode deliveries = message.putArray("deliveries");
            row.deliveries().forEach(d -> deliveries.addObject().put("recipient", d.recipient()).put("state", d.state())
                    .put("attempts", d.attempts()).put("reason", d.reason()));
            return message;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored bus message " + row.eventId() + " is not JSON", e);
        }
    }
}
