package io.descartes.hub.timetravel;

import java.io.IOException;

/**
 * Another git process (the agent's own {@code git}, an operator's shell) holds a lock file in the
 * workspace's repository, so the hub leaves it alone: nothing was changed, and the same request can
 * be retried once that process is done.
 */
public final class WorkspaceBusy extends IOException {

    public WorkspaceBusy(String message, Throwable cause) {
        super(message, cause);
    }
}
