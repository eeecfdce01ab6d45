package io.descartes.hub.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

/**
 * The JSON view of messages (events table, HTTP API, WebSocket; README "JSON views"): {@code "type"} first, snake_case
 * fields, uuids as text, nulls kept, times as RFC 3339 text ({@link ViewTime}), bytes as text when they are UTF-8, else
 * {@code {"base64": "..."}}. Reading takes that view and PROTOCOL §10's named form (times as
 * {@code {secs_since_epoch, nanos_since_epoch}}, bytes as int arrays: rows stored by earlier versions).
 */
public final class ProtocolJson {

    /**
     * The one Jackson mapper of the hub and the runner (io.descartes.hub.http.Json hands it to the capabilities): here
     * it turns streamed JSON into trees (and writes the trees inside messages, serde_json values).
     */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private ProtocolJson() {
    }

    /** Streams the named form of a message; the ingest path writes each event's content this way, with no tree. */
    public static void write(JsonGenerator out, ZmqMessage message) throws IOException {
        out.writeStartObject(message);
        out.writeStringField("type", message.type());
        DescartesCodec.schemaOf(message.messageType()).writeJsonFields(out, message);
        out.writeEndObject();
    }

    public static ObjectNode toJson(ZmqMessage message) {
        return tree(out -> write(out, message));
    }

    /** Reads the named form; defaults and leniency as for the msgpack map form. */
    public static ZmqMessage fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ErrorCode.MALFORMED,
                    WireTypes.jsonInvalidType(node, "a JSON object with a `type` field").getMessage());
        }
        JsonNode tag = node.get("type");
        if (tag == null || !tag.isTextual()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "missing field `type`");
        }
        MessageType type = MessageType.fromTag(tag.textValue());
        try {
            return DescartesCodec.schemaOf(type).fromJson(node);
        } catch (ProtocolException e) {
            JsonNode requestId = node.get("request_id");
            throw e.withRequestId(requestId != null && requestId.isTextual() ? requestId.textValue() : "");
        }
    }

    /** An {@link AgentConfig} from an HTTP spawn body; absent fields take their defaults. */
    public static AgentConfig agentConfigFromJson(JsonNode node) {
        return Schemas.AGENT_CONFIG.fromJson(node);
    }

    /** The field names of an {@link AgentConfig}, the fields a spawn body may hold besides its metadata. */
    public static Set<String> agentConfigFields() {
        return Schemas.AGENT_CONFIG.fieldNames();
    }

    public static ObjectNode toJson(AgentConfig config) {
        return tree(out -> Schemas.AGENT_CONFIG.writeJson(out, config));
    }

    /** What upstream's serde_json makes of an AgentInfo (the named form), for JSON data that goes on the wire. */
    public static ObjectNode toSerdeJson(AgentInfo info) {
        return tree(out -> Schemas.AGENT_INFO.writeJson(new NamedNotation(out), info));
    }

    /** Something that streams one JSON document. */
    public interface JsonWriting {
        void writeTo(JsonGenerator out) throws IOException;
    }

    /** What {@code writing} streams, as text from {@code factory}'s generator; {@code sizeHint} sizes the buffer. */
    public static String text(JsonFactory factory, int sizeHint, JsonWriting writing) throws IOException {
        StringWriter text = new StringWriter(sizeHint);
        try (JsonGenerator out = factory.createGenerator(text)) {
            writing.writeTo(out);
        }
        return text.toString();
    }

    /** What {@code writing} streams, as UTF-8 bytes: for a message sent as it is to many WebSocket clients. */
    public static byte[] utf8(JsonFactory factory, int sizeHint, JsonWriting writing) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator out = factory.createGenerator(bytes, JsonEncoding.UTF8)) {
            writing.writeTo(out);
        }
        return bytes.toByteArray();
    }

    /** PROTOCOL §10's named form of a message, the notation of its test vectors (see {@link NamedNotation}). */
    static ObjectNode toNamedJson(ZmqMessage message) {
        return tree(out -> write(new NamedNotation(out), message));
    }

    /** The tree of what {@code writing} streams (one writer of the JSON view, two forms of output). */
    private static ObjectNode tree(JsonWriting writing) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            writing.writeTo(buffer);
            return (ObjectNode) MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException("JSON view of a message", e);
        }
    }
}
