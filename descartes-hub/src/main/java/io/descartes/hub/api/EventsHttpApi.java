package io.descartes.hub.api;

import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonResponse;
import io.descartes.hub.http.Page;
import io.descartes.hub.http.QueryParameters;
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
                return Page.of("events", "next_before", events.findBefore(query, before == null ? Long.MAX_VALUE : before),
                        before, limit, EventRow::id, eventJson::toNode);
            }
            if (!order.equals("asc")) {
                throw ApiException.badRequest("parameter 'order' must be asc or desc, got '" + order + "'");
            }
            if (q.has("before")) {
                throw ApiException.badRequest("parameter 'before' pages newest first: it needs order=desc");
            }
            return Page.after("events", events.find(query), after, limit, EventRow::id, eventJson::toNode);
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
            return Page.after("dead_letters", deadLetters.find(after, limit + 1), after, limit,
                    DeadLetterRow::id, deadLetterJson::toNode);
        });
    }

    private void respond(Exchange exchange, JsonResponse.Handler handler) {
        JsonResponse.send(exchange, mapper, handler);
    }

    private static String rawQuery(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
    }
}
