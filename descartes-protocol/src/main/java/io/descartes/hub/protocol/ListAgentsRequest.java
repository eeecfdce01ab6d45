package io.descartes.hub.protocol;

/** {@code list_agents_request}: agents, optionally of one status, at most {@code limit}. */
public record ListAgentsRequest(String requestId, AgentStatus filterStatus, Long limit) implements ZmqMessage {

    @Override
    public MessageType messageType() {
        return MessageType.LIST_AGENTS_REQUEST;
    }
}
