package io.descartes.hub.protocol;

/** {@code spawn_response}: the spawned agent, or why not. */
public record SpawnResponse(String requestId, boolean success, AgentInfo agentInfo, String error,
                            String serverId) implements ZmqMessage {

    @Override
    public MessageType messageType() {
        return MessageType.SPAWN_RESPONSE;
    }
}
