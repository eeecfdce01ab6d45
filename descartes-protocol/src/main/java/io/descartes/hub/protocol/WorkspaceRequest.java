package io.descartes.hub.protocol;

/**
 * Hub extension {@code workspace_request} (hub → runner, on the runner's command endpoint): git work on the workspace
 * of an agent the runner runs, for snapshots and rewinds (docs/protocol-extensions.md). Answered by one
 * {@link WorkspaceResponse}.
 *
 * @param revision a revision to resolve ({@code find}), a commit ({@code diff}, {@code checkout}, {@code restore}) or
 *                 the backup ref to write ({@code backup}); null for the others
 * @param message  the commit message ({@code commit}, {@code backup})
 * @param eventId  the last event the commit belongs to ({@code commit}, {@code backup})
 */
public record WorkspaceRequest(String requestId, String agentId, WorkspaceOp op, String revision, String message,
                               Long eventId) implements ZmqMessage {

    @Override
    public MessageType messageType() {
        return MessageType.WORKSPACE_REQUEST;
    }
}
