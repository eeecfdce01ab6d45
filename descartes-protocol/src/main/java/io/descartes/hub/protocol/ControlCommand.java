package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** {@code control_command}: act on one agent; payload conventions per command in PROTOCOL §4.3. */
public record ControlCommand(String requestId, UUID agentId, ControlCommandType commandType,
                             JsonNode payload) implements ZmqMessage {

    /** JSON null and an absent value are the same nil on the wire. */
    public ControlCommand {
        payload = WireTypes.absentIfNull(payload);
    }

    @Override
    public MessageType messageType() {
        return MessageType.CONTROL_COMMAND;
    }
}
