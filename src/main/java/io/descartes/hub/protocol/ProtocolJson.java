package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON view of messages (events table, HTTP API): the named form of PROTOCOL §10, {@code "type"} first, snake_case
 * fields, uuids as text, times as {@code {secs_since_epoch, nanos_since_epoch}}, bytes as int arrays, nulls kept.
 */
public final class ProtocolJson {

    private ProtocolJson() {
    }

    public static ObjectNode toJson(ZmqMessage message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", message.type());
        DescartesCodec.schemaOf(message.messageType()).putFields(node, message);
        return node;
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

    public static ObjectNode toJson(AgentConfig config) {
        return Schemas.AGENT_CONFIG.toJson(config);
    }

    public static ObjectNode toJson(AgentInfo info) {
        return Schemas.AGENT_INFO.toJson(info);
    }
}
