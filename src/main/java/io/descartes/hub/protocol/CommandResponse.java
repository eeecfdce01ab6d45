package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** {@code command_response}: outcome of a command; also the hub's reply to frames it cannot serve. */
public record CommandResponse(String requestId, UUID agentId, boolean success, AgentStatus status, JsonNode data, String error) implements ZmqMessage {

    @Override
    public MessageType messageType() {
        return MessageType.COMMAND_RESPONSE;
    }
}
