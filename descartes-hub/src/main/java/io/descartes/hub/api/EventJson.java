package io.descartes.hub.api;

import java.io.IOException;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.Json;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.ViewTime;
import io.descartes.hub.store.EventRow;

/**
 * The one JSON form of an {@code events} row (PROTOCOL.md §12.8), shared by the HTTP API and the
 * WebSocket stream: the row's columns, with {@code content} and {@code metadata} embedded as JSON
 * (as stored: the ingest path writes them in the JSON view) and the timestamp as a view time.
 */
public final class EventJson {

    /** Row timestamps are whole seconds, so events in a row mostly share one: formatted once, not per event. */
    private volatile FormattedSecond lastTimestamp = new FormattedSecond(0, ViewTime.ofEpochSecond(0, 0));

    private record FormattedSecond(long seconds, String text) {
    }

    public ObjectNode toNode(EventRow row) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", row.id());
        node.put("event_type", row.eventType());
        node.put("timestamp", timestamp(row.timestamp()));
        node.put("agent_id", row.agentId());
        node.put("session_id", row.sessionId());
        node.set("content", embed(row.content()));
        node.set("metadata", embed(row.metadata()));
        node.put("git_commit", row.gitCommit());
        return node;
    }

    /**
     * The same JSON as {@link #toNode}, written in one pass: stored JSON is checked by the streaming parser and copied
     * as it is, not parsed into a tree and written again. UTF-8, as a WebSocket text message carries it: encoded once
     * per event, however many clients it goes to.
     */
    public byte[] toUtf8(EventRow row) {
        return toUtf8(row, this::isJson);
    }

    /**
     * {@link #toUtf8} of a row the journal just committed: its content and metadata are the JSON text the hub wrote
     * (see EventEntry), copied without a check. Runs once per event broadcast to WebSocket clients.
     */
    public byte[] recordedToUtf8(EventRow row) {
        return toUtf8(row, text -> true);
    }

    private byte[] toUtf8(EventRow row, Predicate<String> isJson) {
        try {
            return ProtocolJson.utf8(Json.STRICT.getFactory(), 128 + length(row.content()) + length(row.metadata()), g -> {
                g.writeStartObject();
                g.writeNumberField("id", row.id());
                g.writeStringField("event_type", row.eventType());
                g.writeStringField("timestamp", timestamp(row.timestamp()));
                g.writeStringField("agent_id", row.agentId());
                g.writeStringField("session_id", row.sessionId());
                g.writeFieldName("content");
                writeEmbedded(g, row.content(), isJson);
                g.writeFieldName("metadata");
                writeEmbedded(g, row.metadata(), isJson);
                g.writeStringField("git_commit", row.gitCommit());
                g.writeEndObject();
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot write event " + row.id() + " as JSON", e);
        }
    }

    private String timestamp(long seconds) {
        FormattedSecond last = lastTimestamp;
        if (last.seconds() != seconds) {
            last = new FormattedSecond(seconds, ViewTime.ofEpochSecond(seconds, 0));
            lastTimestamp = last;
        }
        return last.text();
    }

    private static void writeEmbedded(JsonGenerator g, String text, Predicate<String> isJson) throws IOException {
        if (text == null) {
            g.writeNull();
        } else if (isJson.test(text)) {
            g.writeRawValue(text);
        } else {
            g.writeString(text);
        }
    }

    /** Exactly one JSON value, nothing after it: what {@link #embed} accepts. */
    private boolean isJson(String text) {
        try (JsonParser p = Json.STRICT.getFactory().createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** Stored JSON text as JSON; text that is not JSON (older or foreign rows) as a string, never an error. */
    private JsonNode embed(String text) {
        if (text == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            JsonNode parsed = Json.STRICT.readTree(text);
            return parsed.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : parsed;
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
