package io.descartes.hub.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.Json;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.ViewTime;
import io.descartes.hub.store.EventRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The one JSON form of an {@code events} row (PROTOCOL.md §12.8), shared by the HTTP API and the
 * WebSocket stream: the row's columns, with {@code content} and {@code metadata} embedded as JSON
 * (as stored: the ingest path writes them in the JSON view) and the timestamp as a view time.
 */
public final class EventJson {

    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] EVENT_TYPE = ascii(",\"event_type\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] AGENT_ID = ascii(",\"agent_id\":");
    private static final byte[] SESSION_ID = ascii(",\"session_id\":");
    private static final byte[] CONTENT = ascii(",\"content\":");
    private static final byte[] METADATA = ascii(",\"metadata\":");
    private static final byte[] GIT_COMMIT = ascii(",\"git_commit\":");
    private static final byte[] NULL = ascii("null");

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
        try {
            return ProtocolJson.utf8(Json.STRICT.getFactory(), 128 + length(row.content()) + length(row.metadata()), g -> {
                g.writeStartObject();
                g.writeNumberField("id", row.id());
                g.writeStringField("event_type", row.eventType());
                g.writeStringField("timestamp", timestamp(row.timestamp()));
                g.writeStringField("agent_id", row.agentId());
                g.writeStringField("session_id", row.sessionId());
                g.writeFieldName("content");
                writeEmbedded(g, row.content());
                g.writeFieldName("metadata");
                writeEmbedded(g, row.metadata());
                g.writeStringField("git_commit", row.gitCommit());
                g.writeEndObject();
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot write event " + row.id() + " as JSON", e);
        }
    }

    /**
     * The JSON of {@link #toUtf8} (its very bytes, but that a surrogate pair in a string is UTF-8 here, not escaped), for
     * a row the journal just committed, written at the end of {@code out}: its content
     * and metadata are the JSON text the hub wrote (see EventEntry), copied without a check, and the rest is written by
     * hand, with Jackson's escaping for a string that needs any. Runs on the journal's completion thread once per event
     * broadcast to WebSocket clients, straight into the batch's frames: no generator, array or copy per event.
     */
    public void writeRecorded(EventRow row, ByteBuf out) {
        out.writeBytes(ID).writeCharSequence(Long.toString(row.id()), StandardCharsets.US_ASCII);
        writeString(out.writeBytes(EVENT_TYPE), row.eventType());
        writeString(out.writeBytes(TIMESTAMP), timestamp(row.timestamp()));
        writeString(out.writeBytes(AGENT_ID), row.agentId());
        writeString(out.writeBytes(SESSION_ID), row.sessionId());
        writeRaw(out.writeBytes(CONTENT), row.content());
        writeRaw(out.writeBytes(METADATA), row.metadata());
        writeString(out.writeBytes(GIT_COMMIT), row.gitCommit());
        out.writeByte('}');
    }

    private static void writeString(ByteBuf out, String text) {
        if (text == null) {
            out.writeBytes(NULL);
        } else if (plainAscii(text)) {
            out.writeByte('"').writeCharSequence(text, StandardCharsets.US_ASCII);
            out.writeByte('"');
        } else {
            out.writeByte('"').writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text)).writeByte('"');
        }
    }

    private static void writeRaw(ByteBuf out, String json) {
        if (json == null) {
            out.writeBytes(NULL);
        } else {
            ByteBufUtil.writeUtf8(out, json);
        }
    }

    /** ASCII that JSON writes as it is: no quote, backslash or control character. */
    private static boolean plainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private String timestamp(long seconds) {
        FormattedSecond last = lastTimestamp;
        if (last.seconds() != seconds) {
            last = new FormattedSecond(seconds, ViewTime.ofEpochSecond(seconds, 0));
            lastTimestamp = last;
        }
        return last.text();
    }

    private static void writeEmbedded(JsonGenerator g, String text) throws IOException {
        if (text == null) {
            g.writeNull();
        } else if (isJson(text)) {
            g.writeRawValue(text);
        } else {
            g.writeString(text);
        }
    }

    /** Exactly one JSON value, nothing after it: what {@link #embed} accepts. */
    private static boolean isJson(String text) {
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
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
