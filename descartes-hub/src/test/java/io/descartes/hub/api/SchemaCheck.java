package io.descartes.hub.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a JSON value against a schema of an OpenAPI 3.0 document: the keywords the hub's schemas use
 * ({@link #KEYWORDS}; no JSON-schema validator is among the build's dependencies). A schema with any other keyword
 * is itself a problem, so a keyword cannot be silently ignored.
 */
final class SchemaCheck {

    static final Set<String> KEYWORDS = Set.of("$ref", "type", "nullable", "required", "properties",
            "additionalProperties", "items", "enum", "pattern", "format", "allOf", "oneOf", "minimum", "minLength",
            "maxLength", "description", "example");

    private final JsonNode document;

    SchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** What is wrong with {@code value} against {@code schema}, each with its JSON pointer; empty when it fits. */
    List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        schema.fieldNames().forEachRemaining(keyword -> {
            if (!KEYWORDS.contains(keyword)) {
                problems.add(at + ": the schema's keyword " + keyword + " is not checked");
            }
        });
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, at, problems);
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean()) {
                problems.add(at + ": null, not nullable");
            }
            return;
        }
        schema.path("allOf").forEach(part -> check(part, value, at, problems));
        if (schema.has("oneOf")) {
            int fits = 0;
            for (JsonNode option : schema.get("oneOf")) {
                fits += problems(option, value).isEmpty() ? 1 : 0;
            }
            if (fits != 1) {
                problems.add(at + ": fits " + fits + " of oneOf " + schema.get("oneOf") + ": " + value);
            }
        }
        if (schema.has("type") && !isType(schema.get("type").asText(), value)) {
            problems.add(at + ": not " + schema.get("type").asText() + ": " + value);
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(at + ": " + value + " not in " + schema.get("enum"));
        }
        if (value.isTextual()) {
            text(schema, value.textValue(), at, problems);
        }
        if (schema.has("minimum") && value.isNumber() && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
            problems.add(at + ": " + value + " below " + schema.get("minimum"));
        }
        if (value.isObject()) {
            object(schema, value, at, problems);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), at + "/" + i, problems);
            }
        }
    }

    private static void text(JsonNode schema, String text, String at, List<String> problems) {
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            problems.add(at + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
        }
        if (text.length() < schema.path("minLength").asInt(0) || text.length() > schema.path("maxLength").asInt(Integer.MAX_VALUE)) {
            problems.add(at + ": \"" + text + "\" has a length out of range");
        }
        try {
            switch (schema.path("format").asText()) {
                case "uuid" -> UUID.fromString(text);
                case "date-time" -> OffsetDateTime.parse(text);
                default -> { }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            problems.add(at + ": \"" + text + "\" is no " + schema.get("format").asText());
        }
    }

    private void object(JsonNode schema, JsonNode value, String at, List<String> problems) {
        schema.path("required").forEach(field -> {
            if (!value.has(field.asText())) {
                problems.add(at + ": missing " + field.asText());
            }
        });
        JsonNode additional = schema.path("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode property = schema.path("properties").get(field.getKey());
            if (property != null) {
                check(property, field.getValue(), at + "/" + field.getKey(), problems);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), at + "/" + field.getKey(), problems);
            } else if (additional.isBoolean() && !additional.booleanValue()) {
                problems.add(at + ": unknown field " + field.getKey());
            }
        }
    }

    private JsonNode resolve(String ref) {
        JsonNode schema = document.at(ref.substring(1));
        if (schema.isMissingNode()) {
            throw new AssertionError("no schema " + ref);
        }
        return schema;
    }

    private static boolean isType(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new AssertionError("unknown type " + type);
        };
    }

    private static boolean contains(JsonNode options, JsonNode value) {
        for (JsonNode option : options) {
            if (option.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
