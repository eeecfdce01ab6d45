package io.descartes.hub.http;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request and response handling shared by the JSON APIs of this package and of leases: bounded,
 * strictly checked request bodies, errors as {@code {"error","status"}}, and the event a change
 * produces handed to the route (exchange property {@value EventJournal#ENTRY}) for the journal.
 */
public final class JsonApi {

    private static final Logger LOG = LoggerFactory.getLogger(JsonApi.class);

    /** What a handler answers: a status, a body, and the event to record, if anything changed. */
    public record Reply(int status, JsonNode body, EventEntry event) {
        public static Reply ok(JsonNode body) {
            return new Reply(200, body, null);
        }
    }

    public interface Handler {
        Reply handle() throws SQLException;
    }

    private final int maxBodyBytes;

    public JsonApi(int maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max JSON body size must be >= 1");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Runs the handler; database failures are logged without detail from the request and answered 500. */
    public void respond(Exchange exchange, String what, Handler handler) {
        Reply reply;
        try {
            reply = handler.handle();
        } catch (ApiException e) {
            reply = new Reply(e.status(), JsonResponse.error(e.status(), e.getMessage()), null);
        } catch (SQLException e) {
            LOG.warn("{}: database failure: {}", what, e.getMessage());
            reply = new Reply(500, JsonResponse.error(500, "database failure"), null);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(write(reply.body()));
        if (reply.event() != null) {
            exchange.setProperty(EventJournal.ENTRY, reply.event());
        }
    }

    /** The request body as a JSON object with only the {@code accepted} fields; too big or malformed is a 400. */
    public ObjectNode body(Exchange exchange, Set<String> accepted) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw ApiException.badRequest("a JSON object body is required");
        }
        if (bytes.length > maxBodyBytes) {
            throw ApiException.badRequest("body larger than " + maxBodyBytes + " bytes");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body must be a JSON object");
        }
        KnownFields.check(node, accepted, "the body");
        return (ObjectNode) node;
    }

    public static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest("'" + field + "' is required and must be a string");
        }
        return value.textValue();
    }

    public static long number(ObjectNode body, String field, long min, long max) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
            throw ApiException.badRequest("'" + field + "' is required and must be an integer from " + min + " to " + max);
        }
        return value.asLong();
    }

    /** A path parameter ({@code {name}} in the route's URI), as Camel put it in a header. */
    public static String parameter(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    /** An event of this hub about a non-agent resource, with the given content. */
    public EventEntry event(String type, JsonNode content) {
        return new EventEntry(type, null, null, write(content), "{\"source\":\"http\"}", null, null);
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private String write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
