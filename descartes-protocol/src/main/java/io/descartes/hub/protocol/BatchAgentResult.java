package io.descartes.hub.protocol;

import java.util.UUID;

/** One agent's outcome inside a {@code batch_control_response}. */
public record BatchAgentResult(UUID agentId, boolean success, AgentStatus status, String error) {
}
