package io.descartes.hub.timetravel;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot: commits the agent's workspace (on the hub's disk, or asked of the remote runner that runs the
 * agent: nothing is stored unless it committed), stores the {@code snapshots} row linking the
 * commit to the last event applied, and records {@code snapshot_created} (so it is broadcast).
 */
public final class SnapshotService {

    public static final String SNAPSHOT_EVENT = "snapshot_created";
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

    private final AgentWorkspaces workspaces;
    private final SnapshotStore store;
    private final HubEventRecorder recorder;
    private final ObjectMapper mapper;

    public SnapshotService(AgentWorkspaces workspaces, SnapshotStore store, HubEventRecorder recorder, ObjectMapper mapper) {
        this.workspaces = workspaces;
        this.store = store;
        this.recorder = recorder;
        this.mapper = mapper;
    }

    /**
     * @param lastEventId a recorded event of this agent: the point of the log the commit belongs to
     * @param metadata    why the snapshot was taken (trigger and its details)
     * @return empty when the agent has no workspace directory
     * @throws SnapshotEventNotRecorded when only the event is missing
     */
    public Optional<Snapshot> take(String agentId, long lastEventId, String description, ObjectNode metadata)
            throws Exception {
        if (!WorkspaceRoot.isSafeId(agentId)) {
            return Optional.empty();
        }
        Workspace workspace = workspaces.of(agentId);
        ReentrantLock lock = workspaces.lock(agentId);
        lock.lock();
        try {
            if (!workspace.exists()) {
                LOG.debug("no snapshot of agent {}: it has no workspace directory", agentId);
                return Optional.empty();
            }
            String commit = workspace.commitAll(description, lastEventId);
            Snapshot snapshot = store.insert(agentId, commit, lastEventId, description,
                    mapper.writeValueAsString(metadata));
            try {
                recorder.record(SNAPSHOT_EVENT, agentId, mapper.writeValueAsString(SnapshotJson.toNode(snapshot, mapper)),
                        null);
            } catch (Exception e) {
                throw new SnapshotEventNotRecorded(snapshot, e);
            }
            return Optional.of(snapshot);
        } finally {
            lock.unlock();
        }
    }
}
