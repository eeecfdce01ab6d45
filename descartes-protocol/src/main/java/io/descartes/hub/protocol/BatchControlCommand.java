package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/** {@code batch_control_command}: one command for many agents. */
public record BatchControlCommand(String requestId, List<UUID> agentIds, ControlCommandType commandType,
                                  JsonNode payload, boolean failFast) implements ZmqMessage {

    public BatchControlCommand {
        payload = WireTypes.absentIfNull(payload);
        agentIds = agentIds == null ? List.of() : agentIds;
    }

    @Override
    public MessageType messageType() {
        return MessageType.BATCH_CONTROL_COMMAND;
    }
}
