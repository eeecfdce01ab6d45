package io.descartes.hub.timetravel;

import io.descartes.hub.agents.ContextStoppingHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At shutdown, lets the queued snapshots finish before the routes stop, so each one's
 * {@code snapshot_created} event is still recorded. Added after the agents' shutdown hook: the
 * final statuses it waits for queue their snapshots first.
 */
public final class SnapshotDrain extends ContextStoppingHook {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotDrain.class);

    private final SnapshotQueue queue;
    private final long waitMillis;

    public SnapshotDrain(SnapshotQueue queue, long waitMillis) {
        this.queue = queue;
        this.waitMillis = waitMillis;
    }

    @Override
    protected void onStopping() throws InterruptedException {
        int left = queue.awaitIdle(waitMillis);
        if (left > 0) {
            LOG.warn("snapshots of {} agents still running or queued after waiting {} ms at shutdown: they are not "
                    + "taken, or taken without their snapshot_created event once the routes stop", left, waitMillis);
        }
    }
}
