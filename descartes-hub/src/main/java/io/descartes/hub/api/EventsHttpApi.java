package io.descartes.hub.api;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.store.DeadLetterRow;
import io.descartes.hub.store.DeadLetterStore;
import io.descartes.hub.store.EventQuery;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.store.EventStore;
import org.apache.camel.Exchange;

/**
 * The read side of the event log over HTTP (bean {@code eventsApi}, called from
 * routes/http-events.camel.yaml). Lists are cursor pages by id: a client passes the previous
 * page's {@code next_after} as {@code after} until {@code has_more} is false.
 */
public final class EventsHttpApi {

    private static final Set<String> EVENT_PARAMETERS =
            Set.of("after", "before", "order", "agent_id", "event_type", "session_id", "limit");
    private static final Set<String> DEAD_LETTER_PARAMETERS = Set.of("after", "limit");

    private final EventStore events;
    private final DeadLetterStore deadLetters;
    private final EventJson eventJson;
    private final DeadLetterJson deadLetterJson;
    private final ObjectMapper mapper;
    private final int defaultLimit;
    private final int maxLimit;

    public EventsHttpApi(EventStore events, DeadLetterStore deadLetters, EventJson eventJson, DeadLetterJson deadLetterJson,
                         ObjectMapper mapper, int defaultLimit, int maxLimit) {
        if (defaultLimit < 1 || maxLimit < defaultLimit) {
            throw new IllegalArgumentException("API limits: need 1 <= default limit <= max limit, got "
                    + defaultLimit + " and " + maxLimit);
        }
        this.events = events;
        this.deadLetters = deadLetters;
        this.eventJson = eventJson;
        this.deadLetterJson = deadLetterJson;
        this.mapper = mapper;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /**
     * {@code GET /api/events?after=&agent_id=&event_type=&session_id=&limit=}, oldest first; with {@code order=desc}
     * newest first, paged backwards by {@code before=<next_before>} (absent: from the newest event).
     */
    public void listEvents(Exchange exchange) {
        respond(exchange, () -> {
            QueryParameters q = QueryParameters.parse(rawQuery(exchange), EVENT_PARAMETERS);
            long after = q.cursor("after");
            int limit = q.limit("limit", defaultLimit, maxLimit);
            // one row more than asked tells whether another page exists
            EventQuery query = new EventQuery(after, q.text("agent_id"), q.text("event_type"), q.text("session_id"), limit + 1);
            String order = q.has("order") ? q.text("order") : "asc";
            if (order.equals("desc")) {
                Long before = q.has("before") ? q.cursor("before") : null;
                return page("events", "next_before", events.findBefore(query, before == null ? Long.MAX_VALUE : before),
                        before, limit, EventRow::id, eventJson::toNode);
            }
            if (!order.equals("asc")) {
                throw ApiException.badRequest("parameter 'order' must be asc or desc, got '" + order + "'");
            }
            if (q.has("before")) {
                throw ApiException.badRequest("parameter 'before' pages newest first: it needs order=desc");
            }
            return page("events", events.find(query), after, limit, EventRow::id, eventJson::toNode);
        });
    }

    /** {@code GET /api/events/{id}} */
    public void getEvent(Exchange exchange) {
        respond(exchange, () -> {
            QueryParameters.parse(rawQuery(exchange), Set.of());
            long id = QueryParameters.nonNegative("id", exchange.getMessage().getHeader("id", String.class));
            return eventJson.toNode(events.findById(id)
                    .orElseThrow(() -> new ApiException(404, "no event with id " + id)));
        });
    }

    /** {@code GET /api/dead-letters?after=&limit=} */
    public void listDeadLetters(Exchange exchange) {
        respond(exchange, () -> {
            QueryParameters q = QueryParameters.parse(rawQuery(exchange), DEAD_LETTER_PARAMETERS);
            long after = q.cursor("after");
            int limit = q.limit("limit", defaultLimit, maxLimit);
            return page("dead_letters", deadLetters.find(after, limit + 1), after, limit,
                    DeadLetterRow::id, deadLetterJson::toNode);
        });
    }

    static <T> ObjectNode page(String field, List<T> rows, long after, int limit, ToLongFunction<T> id,
                                       Function<T, JsonNode> json) {
        return page(field, "next_after", rows, after, limit, id, json);
    }

    /**
     * A page of at most {@code limit} rows (one more was read to tell has_more); its cursor is the last row's id,
     * or the request's cursor (null: none) when the page is empty.
     */
    private static <T> ObjectNode page(String field, String cursorField, List<T> rows, Long cursor, int limit,
                                       ToLongFunction<T> id, Function<T, JsonNode> json) {
        boolean hasMore = rows.size() > limit;
        List<T> shown = hasMore ? rows.subList(0, limit) : rows;
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray(field);
        shown.forEach(row -> items.add(json.apply(row)));
        body.put(cursorField, shown.isEmpty() ? cursor : Long.valueOf(id.applyAsLong(shown.get(shown.size() - 1))));
        body.put("has_more", hasMore);
        return body;
    }

    private void respond(Exchange exchange, JsonResponse.Handler handler) {
        JsonResponse.send(exchange, mapper, handler);
    }

    private static String rawQuery(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
    }
}
