package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** {@code command_response}: outcome of a command; also the hub's reply to frames it cannot serve. */
public record CommandResponse(String requestId, UUID agentId, boolean success, AgentStatus status, JsonNode data,
                              String error) implements ZmqMessage {

    /** JSON null and an absent value are the same nil on the wire. */
    public CommandResponse {
        data = WireTypes.absentIfNull(data);
    }

    @Override
    public MessageType messageType() {
        return MessageType.COMMAND_RESPONSE;
    }
}
