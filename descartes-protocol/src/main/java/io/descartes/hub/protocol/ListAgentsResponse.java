package io.descartes.hub.protocol;

import java.util.List;

/** {@code list_agents_response}. */
public record ListAgentsResponse(String requestId, boolean success, List<AgentInfo> agents,
                                 String error) implements ZmqMessage {

    public ListAgentsResponse {
        agents = agents == null ? List.of() : agents;
    }

    @Override
    public MessageType messageType() {
        return MessageType.LIST_AGENTS_RESPONSE;
    }
}
