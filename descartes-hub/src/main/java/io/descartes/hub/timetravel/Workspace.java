package io.descartes.hub.timetravel;

import java.util.Optional;

/**
 * An agent's workspace as snapshots and rewinds use it, wherever it is: on this process's disk
 * ({@link LocalWorkspace}) or on the remote runner that runs the agent ({@link RemoteWorkspace}). Commits are
 * named by their full hash. Callers serialise the calls per agent ({@link WorkspaceRoot#lock}); a workspace that
 * another git process is writing fails with {@link WorkspaceBusy}, unchanged.
 */
public interface Workspace {

    /** Whether the agent has a workspace at all (agents without one get no snapshots). */
    boolean exists() throws Exception;

    /** Commits the whole work tree on the current branch, footed with the last event applied; the commit. */
    String commitAll(String message, long lastEventId) throws Exception;

    /** The commit a hash or ref names, only if it is in the workspace's history. */
    Optional<WorkspaceCommit> find(String revision) throws Exception;

    /** What checking out {@code commit} would do to the work tree as it is now. */
    FileChanges diffTo(String commit) throws Exception;

    /** Saves the work tree as it is, uncommitted changes included, under the ref {@code ref}; the commit. */
    String backup(String ref, String message, long lastEventId) throws Exception;

    /** Moves the branch to {@code commit} and makes the work tree exactly its tree. */
    void checkout(String commit) throws Exception;

    /** Puts back what the backup commit {@code backup} saved, its changes uncommitted again. */
    void restore(String backup) throws Exception;
}
