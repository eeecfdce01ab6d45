package io.descartes.hub.timetravel;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.store.AgentChange;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.store.RewoundAgents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewinds an agent to an earlier point: body restore (the workspace checked out at the target
 * commit, after its current state, uncommitted changes included, is saved under a backup ref) and
 * brain restore (its state replayed from the event log up to the target event), recorded as a
 * {@code rewind} event. The replayed status is history, not a process: the registry keeps the status of
 * the agent's process, and an agent without one (its row terminal or missing) becomes
 * {@code terminated} with {@code status_reason} {@code rewound} and the restored context a resume
 * respawns it with ({@link RewoundAgents}), written with the event in the same transaction. Rewinding to a
 * backup undoes the rewind that made it, down to the uncommitted changes. If anything fails after the
 * backup, the backup is restored. A dry run computes the same answer in any state and changes nothing.
 * One rewind per agent at a time; a running agent is paused first, or the rewind refused. The workspace is
 * wherever the agent runs ({@link AgentWorkspaces}): an agent of a remote runner has its runner do the git work.
 */
public final class RewindService {

    /** Statuses in which the agent may be writing to its workspace. */
    static final Set<String> BUSY = Set.of("running", "thinking", "initializing");
    private static final Logger LOG = LoggerFactory.getLogger(RewindService.class);
    private static final DateTimeFormatter BACKUP_NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final AgentWorkspaces workspaces;
    private final SnapshotStore snapshots;
    private final AgentEventLog log;
    private final BrainReplay brain;
    private final AgentStore agents;
    private final HubEventRecorder recorder;
    private final AgentPauser pauser;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, ReentrantLock> rewinding = new ConcurrentHashMap<>();

    public RewindService(AgentWorkspaces workspaces, SnapshotStore snapshots, AgentEventLog log, BrainReplay brain,
                         AgentStore agents, HubEventRecorder recorder, AgentPauser pauser, ObjectMapper mapper,
                         Clock clock) {
        this.workspaces = workspaces;
        this.snapshots = snapshots;
        this.log = log;
        this.brain = brain;
        this.agents = agents;
        this.recorder = recorder;
        this.pauser = pauser;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Where a rewind goes: the commit for the body (a backup is restored, not checked out), the event for the brain. */
    private record Target(WorkspaceCommit commit, boolean backup, long eventId, Long snapshotId) {
    }

    public ObjectNode rewind(RewindRequest request) throws Exception {
        String agentId = request.agentId();
        if (log.latestEventId(agentId).isEmpty()) {
            throw new ApiException(404, "unknown agent " + agentId + ": no events recorded");
        }
        Workspace workspace = workspaces.of(agentId);
        if (!workspace.exists()) {
            throw new ApiException(404, "agent " + agentId + " has no workspace");
        }
        ReentrantLock rewind = rewindLock(agentId);
        if (!rewind.tryLock()) {
            throw new ApiException(409, "a rewind of agent " + agentId + " is already in progress");
        }
        try {
            Target target = resolve(request, workspace);
            if (!request.dryRun()) {
                pauseIfBusy(request);
            }
            ReentrantLock git = workspaces.lock(agentId);
            git.lock();
            try {
                // read under the locks: "before" is the state the backup saves
                return apply(request, workspace, target, log.latestEventId(agentId).orElseThrow());
            } finally {
                git.unlock();
            }
        } finally {
            rewind.unlock();
        }
    }

    /** The lock a rewind of this agent holds; package-visible so tests can hold it. */
    ReentrantLock rewindLock(String agentId) {
        return rewinding.computeIfAbsent(agentId, id -> new ReentrantLock());
    }

    private ObjectNode apply(RewindRequest request, Workspace workspace, Target target, long latest)
            throws Exception {
        String agentId = request.agentId();
        BrainState before = brain.stateAt(agentId, latest);
        BrainState after = brain.stateAt(agentId, target.eventId());
        ObjectNode result = mapper.createObjectNode();
        result.put("agent_id", agentId);
        result.put("dry_run", request.dryRun());
        result.putObject("target").put("git_commit", target.commit().name()).put("event_id", target.eventId())
                .put("snapshot_id", target.snapshotId());
        FileChanges files = workspace.diffTo(target.commit().name());
        ObjectNode changes = result.putObject("files");
        files.added().forEach(changes.putArray("added")::add);
        files.modified().forEach(changes.putArray("modified")::add);
        files.deleted().forEach(changes.putArray("deleted")::add);
        ObjectNode state = result.putObject("state");
        state.set("before", before.toJson());
        state.set("after", after.toJson());
        String status = agents.status(agentId); // after the pause, if any: the status of the process
        boolean noProcess = status == null || AgentStatus.fromWire(status).isTerminal();
        result.putObject("registry").put("status", noProcess ? AgentStatus.TERMINATED.wire() : status)
                .put(RewoundAgents.STATUS_REASON, noProcess ? RewoundAgents.REWOUND : null);
        if (request.dryRun()) {
            result.putNull("backup");
            result.putNull("event_id");
            return result;
        }
        String backupRef = AgentWorkspace.BACKUP_REFS + BACKUP_NAME.format(clock.instant());
        String backup = workspace.backup(backupRef, "backup before rewind to " + target.commit().name(), latest);
        result.putObject("backup").put("ref", backupRef).put("git_commit", backup);
        try {
            if (target.backup()) {
                workspace.restore(target.commit().name());
            } else {
                workspace.checkout(target.commit().name());
            }
            AgentChange registry = noProcess ? new AgentChange(agentId, null, AgentStatus.TERMINATED.wire(), null,
                    rewoundMetadata(agentId, target, after)) : null;
            long eventId = recorder.record(BrainReplay.REWIND_EVENT, agentId, mapper.writeValueAsString(result), registry);
            result.put("event_id", eventId);
            return result;
        } catch (Exception e) {
            LOG.warn("rewind of agent {} failed, restoring its workspace from {}: {}", agentId, backupRef, e.toString());
            try {
                workspace.restore(backup);
            } catch (Exception notRestored) {
                LOG.error("agent {}'s workspace could not be restored: its state before the rewind is saved at {} ({})",
                        agentId, backupRef, notRestored.toString());
                e.addSuppressed(notRestored);
            }
            throw e;
        }
    }

    /** The row's metadata as it is (the upsert replaces it whole), plus why it is terminated and what a resume restarts. */
    private String rewoundMetadata(String agentId, Target target, BrainState after) throws SQLException, IOException {
        String stored = agents.metadata(agentId);
        JsonNode parsed = stored == null ? null : mapper.readTree(stored);
        ObjectNode metadata = parsed instanceof ObjectNode object ? object : mapper.createObjectNode();
        metadata.put(RewoundAgents.STATUS_REASON, RewoundAgents.REWOUND);
        metadata.putObject(RewoundAgents.REWOUND_TO).put("event_id", target.eventId())
                .put("git_commit", target.commit().name()).put("name", after.name()).put("backend", after.backend())
                .put("task", after.task()).put("context", after.context());
        return mapper.writeValueAsString(metadata);
    }

    private Target resolve(RewindRequest r, Workspace workspace) throws Exception {
        long given = Stream.of(r.snapshotId(), r.eventId(), r.gitCommit(), r.backupRef()).filter(v -> v != null).count();
        if (given != 1) {
            throw ApiException.badRequest("give exactly one of snapshot_id, event_id, git_commit, backup_ref");
        }
        if (r.snapshotId() != null) {
            Snapshot s = snapshots.findById(r.snapshotId())
                    .filter(found -> r.agentId().equals(found.agentId()))
                    .orElseThrow(() -> new ApiException(404, "agent " + r.agentId() + " has no snapshot " + r.snapshotId()));
            return snapshotTarget(workspace, s, s.lastEventId());
        }
        if (r.eventId() != null) {
            EventRow event = log.event(r.eventId()).filter(found -> r.agentId().equals(found.agentId()))
                    .orElseThrow(() -> new ApiException(404, "agent " + r.agentId() + " has no event " + r.eventId()));
            Snapshot s = snapshots.latestAtOrBefore(r.agentId(), event.id()).orElseThrow(() -> new ApiException(404,
                    "agent " + r.agentId() + " has no snapshot at or before event " + event.id()));
            return snapshotTarget(workspace, s, event.id());
        }
        if (r.backupRef() != null && !r.backupRef().startsWith(AgentWorkspace.BACKUP_REFS)) {
            throw new ApiException(404, "'" + r.backupRef() + "' is not a backup ref (" + AgentWorkspace.BACKUP_REFS + "...)");
        }
        WorkspaceCommit commit = commitIn(workspace, r.agentId(), r.gitCommit() != null ? r.gitCommit() : r.backupRef());
        if (commit.eventId() == null) {
            throw new ApiException(404, "commit " + commit.name() + " was not written by the hub: it names no event to replay to");
        }
        return new Target(commit, commit.backup(), commit.eventId(), null);
    }

    private static Target snapshotTarget(Workspace workspace, Snapshot s, long eventId) throws Exception {
        return new Target(commitIn(workspace, s.agentId(), s.gitCommitHash()), false, eventId, s.id());
    }

    private static WorkspaceCommit commitIn(Workspace workspace, String agentId, String revision) throws Exception {
        return workspace.find(revision).orElseThrow(() -> new ApiException(404,
                "'" + revision + "' is not a commit in the history of " + agentId + "'s workspace"));
    }

    /**
     * A running agent would keep writing into the workspace being rewound: it is paused first when the
     * request says so, else refused.
     */
    private void pauseIfBusy(RewindRequest request) throws SQLException {
        String status = agents.status(request.agentId());
        if (status == null || !BUSY.contains(status)) {
            return;
        }
        if (!request.pause()) {
            throw new ApiException(409, "agent " + request.agentId() + " is " + status
                    + ": pause it first, or ask for \"pause\": true");
        }
        pauser.pause(request.agentId());
    }
}
