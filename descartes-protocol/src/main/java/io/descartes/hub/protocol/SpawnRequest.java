package io.descartes.hub.protocol;

import java.util.Map;

/** {@code spawn_request}: start an agent. */
public record SpawnRequest(String requestId, AgentConfig config, Long timeoutSecs, Map<String,
                           String> metadata) implements ZmqMessage {

    @Override
    public MessageType messageType() {
        return MessageType.SPAWN_REQUEST;
    }
}
