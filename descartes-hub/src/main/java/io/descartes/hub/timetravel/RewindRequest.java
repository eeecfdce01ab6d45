package io.descartes.hub.timetravel;

/**
 * {@code POST /api/rewind}: exactly one target (a snapshot, an event of the agent, or a commit or
 * backup ref of its workspace). {@code pause} asks the hub to pause a running agent first.
 */
public record RewindRequest(String agentId, Long snapshotId, Long eventId, String gitCommit, String backupRef,
                            boolean dryRun, boolean pause) {
}
