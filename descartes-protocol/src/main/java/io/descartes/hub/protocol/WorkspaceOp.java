package io.descartes.hub.protocol;

/**
 * The git operation a {@code workspace_request} asks a runner to do on an agent's workspace (docs/protocol-extensions.md):
 * the same steps the hub does on a workspace of its own, one request each.
 */
public enum WorkspaceOp implements WireEnum {
    /** Whether the agent has a workspace directory (else the answer fails with code not_found). */
    EXISTS,
    /** Commits the whole work tree ({@code message}, {@code event_id}); answers the commit. */
    COMMIT,
    /** Resolves {@code revision} in the workspace's history; answers its commit, event id footer and backup flag, or no commit. */
    FIND,
    /** What checking out the commit {@code revision} would change; answers the three file lists. */
    DIFF,
    /** Saves the work tree under the ref {@code revision} ({@code message}, {@code event_id}); answers the commit. */
    BACKUP,
    /** Moves the branch and the work tree to the commit {@code revision}. */
    CHECKOUT,
    /** Puts back what the backup commit {@code revision} saved. */
    RESTORE;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }
}
