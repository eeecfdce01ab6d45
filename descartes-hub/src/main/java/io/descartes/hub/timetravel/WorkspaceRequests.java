package io.descartes.hub.timetravel;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import io.descartes.hub.protocol.WorkspaceRequest;
import io.descartes.hub.protocol.WorkspaceResponse;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner's side of {@code workspace_request} (bean {@code workspaceRequests}, route runner-commands): the git work
 * the hub asks for on the workspace of an agent this runner runs, done by a {@link LocalWorkspace} under the agent's
 * lock, so the steps of one agent never interleave here either. Every request gets one answer: a workspace another
 * git process holds is refused as {@code busy}, untouched.
 */
public final class WorkspaceRequests {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceRequests.class);

    private final WorkspaceRoot workspaces;

    public WorkspaceRequests(WorkspaceRoot workspaces) {
        this.workspaces = workspaces;
    }

    public WorkspaceResponse serve(@Body WorkspaceRequest request) {
        String id = request.requestId();
        if (!WorkspaceRoot.isSafeId(request.agentId())) {
            return WorkspaceResponse.failed(id, WorkspaceResponse.INVALID,
                    "agent id '" + request.agentId() + "' cannot name a workspace directory");
        }
        LocalWorkspace workspace = new LocalWorkspace(workspaces.of(request.agentId()));
        ReentrantLock lock = workspaces.lock(request.agentId());
        lock.lock();
        try {
            if (!workspace.exists()) {
                return WorkspaceResponse.failed(id, WorkspaceResponse.NOT_FOUND,
                        "agent " + request.agentId() + " has no workspace on this runner");
            }
            return apply(request, workspace);
        } catch (WorkspaceBusy e) {
            return WorkspaceResponse.failed(id, WorkspaceResponse.BUSY, e.getMessage());
        } catch (IllegalArgumentException e) {
            return WorkspaceResponse.failed(id, WorkspaceResponse.INVALID, e.getMessage());
        } catch (Exception e) {
            LOG.warn("{} of agent {}'s workspace failed: {}", request.op().wire(), request.agentId(), e.toString());
            return WorkspaceResponse.failed(id, WorkspaceResponse.ERROR, e.toString());
        } finally {
            lock.unlock();
        }
    }

    private static WorkspaceResponse apply(WorkspaceRequest r, LocalWorkspace workspace) throws Exception {
        return switch (r.op()) {
            case EXISTS -> WorkspaceResponse.done(r.requestId());
            case COMMIT -> written(r, workspace.commitAll(required("message", r.message()), required("event_id", r.eventId())));
            case FIND -> found(r, workspace.find(required("revision", r.revision())));
            case DIFF -> {
                FileChanges files = workspace.diffTo(required("revision", r.revision()));
                yield new WorkspaceResponse(r.requestId(), true, null, null, false, files.added(), files.modified(),
                        files.deleted(), null, null);
            }
            case BACKUP -> written(r, workspace.backup(backupRef(r.revision()), required("message", r.message()),
                    required("event_id", r.eventId())));
            case CHECKOUT -> {
                workspace.checkout(required("revision", r.revision()));
                yield WorkspaceResponse.done(r.requestId());
            }
            case RESTORE -> {
                workspace.restore(required("revision", r.revision()));
                yield WorkspaceResponse.done(r.requestId());
            }
        };
    }

    private static WorkspaceResponse written(WorkspaceRequest r, String commit) {
        return new WorkspaceResponse(r.requestId(), true, commit, null, false, List.of(), List.of(), List.of(), null, null);
    }

    private static WorkspaceResponse found(WorkspaceRequest r, Optional<WorkspaceCommit> commit) {
        return commit.map(c -> new WorkspaceResponse(r.requestId(), true, c.name(), c.eventId(), c.backup(), List.of(),
                List.of(), List.of(), null, null)).orElseGet(() -> WorkspaceResponse.done(r.requestId()));
    }

    /** Backups go under their own refs only: the hub never moves a branch or tag this way. */
    private static String backupRef(String ref) {
        if (!required("revision", ref).startsWith(AgentWorkspace.BACKUP_REFS)) {
            throw new IllegalArgumentException("'" + ref + "' is not a backup ref (" + AgentWorkspace.BACKUP_REFS + "...)");
        }
        return ref;
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("this workspace_request needs '" + field + "'");
        }
        return value;
    }
}
