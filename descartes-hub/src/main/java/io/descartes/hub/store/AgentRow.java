package io.descartes.hub.store;

/**
 * One row of {@code agents} with the remote runner that runs it ({@code runner_agents}; null for the embedded
 * runner). {@code seq} orders the rows as they were registered; times in epoch seconds, metadata JSON text as stored.
 */
public record AgentRow(long seq, String id, String name, String status, String runnerId, long createdAt, long updatedAt,
                       String metadata) {
}
