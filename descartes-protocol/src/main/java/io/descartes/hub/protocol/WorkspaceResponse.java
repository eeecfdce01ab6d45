package io.descartes.hub.protocol;

import java.util.List;

/**
 * Hub extension {@code workspace_response} (runner → hub): the answer to a {@link WorkspaceRequest}.
 *
 * @param commit  the commit written ({@code commit}, {@code backup}) or found ({@code find}; null: not in the history)
 * @param eventId the event id footer of the commit found, null when it has none (not written by a hub)
 * @param backup  whether a backup ref points at the commit found
 * @param code    on failure: {@code not_found} (no workspace), {@code busy} (another git process holds a lock in it:
 *                nothing was changed), {@code invalid} (a request the runner cannot serve), {@code error}
 */
public record WorkspaceResponse(String requestId, boolean success, String commit, Long eventId, boolean backup,
                                List<String> added, List<String> modified, List<String> deleted, String code,
                                String error) implements ZmqMessage {

    public static final String NOT_FOUND = "not_found";
    public static final String BUSY = "busy";
    public static final String INVALID = "invalid";
    public static final String ERROR = "error";
    /** Set by the hub, never sent: the runner did not answer in time. */
    public static final String TIMEOUT = "timeout";

    public static WorkspaceResponse done(String requestId) {
        return new WorkspaceResponse(requestId, true, null, null, false, List.of(), List.of(), List.of(), null, null);
    }

    public static WorkspaceResponse failed(String requestId, String code, String error) {
        return new WorkspaceResponse(requestId, false, null, null, false, List.of(), List.of(), List.of(), code, error);
    }

    @Override
    public MessageType messageType() {
        return MessageType.WORKSPACE_RESPONSE;
    }
}
