package io.descartes.hub.timetravel;

/** One {@code snapshots} row: a workspace commit linked to the last event applied; metadata is JSON text. */
public record Snapshot(long id, String agentId, String gitCommitHash, long lastEventId, String description,
                       long createdAt, String metadata) {
}
