package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** {@code custom_action_request}: answered with a {@code command_response}. */
public record CustomActionRequest(String requestId, UUID agentId, String action, JsonNode params,
                                  Long timeoutSecs) implements ZmqMessage {

    /** JSON null and an absent value are the same nil on the wire. */
    public CustomActionRequest {
        params = WireTypes.absentIfNull(params);
    }

    @Override
    public MessageType messageType() {
        return MessageType.CUSTOM_ACTION_REQUEST;
    }
}
