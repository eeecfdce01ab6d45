package io.descartes.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.store.EventRow;

/**
 * The one JSON form of an {@code events} row (PROTOCOL.md §12.8), shared by the HTTP API and the
 * WebSocket stream: the row's columns, with {@code content} and {@code metadata} embedded as JSON.
 */
public final class EventJson {

    private final ObjectMapper mapper;

    public EventJson(ObjectMapper mapper) {
        // "{} trailing" must not pass for JSON and silently lose its tail
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public ObjectNode toNode(EventRow row) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", row.id());
        node.put("event_type", row.eventType());
        node.put("timestamp", row.timestamp());
        node.put("agent_id", row.agentId());
        node.put("session_id", row.sessionId());
        node.set("content", embed(row.content()));
        node.set("metadata", embed(row.metadata()));
        node.put("git_commit", row.gitCommit());
        return node;
    }

    public String toText(EventRow row) {
        try {
            return mapper.writeValueAsString(toNode(row));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + row.id() + " as JSON", e);
        }
    }

    /** Stored JSON text as JSON; text that is not JSON (older or foreign rows) as a string, never an error. */
    private JsonNode embed(String text) {
        if (text == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            JsonNode parsed = mapper.readTree(text);
            return parsed.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : parsed;
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
