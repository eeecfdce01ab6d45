package io.descartes.hub.store;

/**
 * One row of {@code agents} with the remote runner that runs it ({@code runner_agents}; null for the embedded
 * runner). Times in epoch seconds, metadata JSON text as stored.
 */
public record AgentRow(String id, String name, String status, String runnerId, long createdAt, long updatedAt,
                       String metadata) {
}
