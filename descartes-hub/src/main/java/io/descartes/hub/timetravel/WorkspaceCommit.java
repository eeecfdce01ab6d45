package io.descartes.hub.timetravel;

/**
 * A commit of an agent's workspace history.
 *
 * @param eventId the event id its footer carries, null for a commit the hub did not write
 * @param backup  whether a backup ref points at it
 */
public record WorkspaceCommit(String name, Long eventId, boolean backup) {
}
