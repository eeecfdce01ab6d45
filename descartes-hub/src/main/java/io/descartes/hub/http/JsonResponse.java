package io.descartes.hub.http;

import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what an API handler returns as the HTTP response: its JSON with 200, or an
 * {@link ApiException} as {@code {"error", "status"}} with its status, or a database failure as 500.
 */
public final class JsonResponse {

    private static final Logger LOG = LoggerFactory.getLogger(JsonResponse.class);

    /** One request's work; it may refuse with an {@link ApiException}. */
    public interface Handler {
        JsonNode handle() throws Exception;
    }

    private JsonResponse() {
    }

    public static void send(Exchange exchange, ObjectMapper mapper, Handler handler) {
        int status = 200;
        JsonNode body;
        try {
            body = handler.handle();
        } catch (ApiException e) {
            status = e.status();
            body = error(status, e.getMessage());
        } catch (SQLException e) {
            LOG.warn("HTTP API: database access failed: {}", e.getMessage());
            status = 500;
            body = error(status, "database access failed");
        } catch (Exception e) {
            LOG.warn("HTTP API: request failed", e);
            status = 500;
            body = error(status, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            exchange.getMessage().setBody(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write API response as JSON", e);
        }
    }

    public static ObjectNode error(int status, String message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("error", message);
        node.put("status", status);
        return node;
    }
}
