package io.descartes.hub.timetravel;

import java.util.Optional;

import org.eclipse.jgit.lib.ObjectId;

/** A workspace on this process's disk: the hub's own agents' ones, or on a runner those of the agents it runs. */
public final class LocalWorkspace implements Workspace {

    private final AgentWorkspace workspace;

    public LocalWorkspace(AgentWorkspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public boolean exists() {
        return workspace.exists();
    }

    @Override
    public String commitAll(String message, long lastEventId) throws Exception {
        return workspace.commitAll(message, lastEventId).name();
    }

    @Override
    public Optional<WorkspaceCommit> find(String revision) throws Exception {
        var found = workspace.findCommit(revision);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WorkspaceCommit(found.get().name(), AgentWorkspace.eventIdOf(found.get()).orElse(null),
                workspace.isBackup(found.get())));
    }

    @Override
    public FileChanges diffTo(String commit) throws Exception {
        return workspace.diffTo(ObjectId.fromString(commit));
    }

    @Override
    public String backup(String ref, String message, long lastEventId) throws Exception {
        return workspace.backup(ref, message, lastEventId).name();
    }

    @Override
    public void checkout(String commit) throws Exception {
        workspace.checkout(ObjectId.fromString(commit));
    }

    @Override
    public void restore(String backup) throws Exception {
        workspace.restore(ObjectId.fromString(backup));
    }
}
