package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** {@code status_update}: an agent-originated event. */
public record StatusUpdate(UUID agentId, StatusUpdateType updateType, AgentStatus status, String message,
                           JsonNode data, WireTime timestamp) implements ZmqMessage {

    /** JSON null and an absent value are the same nil on the wire. */
    public StatusUpdate {
        data = WireTypes.absentIfNull(data);
    }

    /** {@code <agent uuid>/<update_type>/<secs>.<nanos 9 digits>} (PROTOCOL §12.5). */
    @Override
    public String naturalKey() {
        return agentId + "/" + updateType.wire() + "/" + timestamp.toKeyText();
    }

    @Override
    public MessageType messageType() {
        return MessageType.STATUS_UPDATE;
    }
}
