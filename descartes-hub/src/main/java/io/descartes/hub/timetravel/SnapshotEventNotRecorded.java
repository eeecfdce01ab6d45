package io.descartes.hub.timetravel;

/**
 * A snapshot whose commit and {@code snapshots} row are stored, but whose {@code snapshot_created}
 * event could not be recorded (e.g. the hub was stopping): the snapshot exists and can be rewound
 * to; only its event is missing from the log and the broadcast.
 */
public final class SnapshotEventNotRecorded extends Exception {

    public SnapshotEventNotRecorded(Snapshot snapshot, Exception cause) {
        super("snapshot " + snapshot.id() + " of agent " + snapshot.agentId() + " at event " + snapshot.lastEventId()
                + " is stored (commit " + snapshot.gitCommitHash() + "), but its " + SnapshotService.SNAPSHOT_EVENT
                + " event was not recorded: " + cause, cause);
    }
}
