package io.descartes.hub.store;

/** One row of {@code events}; content and metadata are JSON text as stored. */
public record EventRow(long id, String eventType, long timestamp, String agentId, String sessionId,
                       String content, String metadata, String gitCommit) {
}
