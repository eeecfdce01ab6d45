package io.descartes.hub.http;

import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/**
 * A JSON request body, checked against the fields its endpoint accepts: not an object, an unknown
 * field or a value of the wrong type is a 400 naming the field.
 */
public final class JsonBody {

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody parse(Exchange exchange, Set<String> accepted) {
        String text = exchange.getMessage().getBody(String.class);
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? null
                    : Json.STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body must be a JSON object");
        }
        KnownFields.check(node, accepted, "the body");
        return new JsonBody(node);
    }

    /** A text field, null when absent or null. */
    public String text(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw ApiException.badRequest("field '" + name + "' must be a non-empty string");
        }
        return value.textValue();
    }

    public String requiredText(String name) {
        String value = text(name);
        if (value == null) {
            throw ApiException.badRequest("field '" + name + "' is required");
        }
        return value;
    }

    /** A non-negative integer field (an id), null when absent or null. */
    public Long id(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
            throw ApiException.badRequest("field '" + name + "' must be a non-negative integer");
        }
        return value.asLong();
    }

    public boolean flag(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest("field '" + name + "' must be true or false");
        }
        return value.booleanValue();
    }
}
