package io.descartes.hub.timetravel;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs snapshot jobs off the journal's completion thread: in submission order per agent (so an agent's
 * commits follow its event log), agents in parallel on a shared pool, at most {@code maxPending}
 * jobs waiting in all. A full queue drops the job with a warning instead of blocking: ingest never
 * waits for git. At shutdown {@link #awaitIdle} lets the queued jobs finish while the routes
 * they record through still run.
 */
public final class SnapshotQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotQueue.class);

    private final Executor pool;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public SnapshotQueue(Executor pool, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("snapshot queue: maxPending must be >= 1");
        }
        this.pool = pool;
        this.maxPending = maxPending;
    }

    /** Whether the job was queued. */
    public boolean submit(String agentId, Runnable job) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            LOG.warn("snapshot of agent {} dropped: {} snapshots already waiting", agentId, maxPending);
            return false;
        }
        Runnable counted = () -> {
            try {
                job.run();
            } finally {
                pending.decrementAndGet();
            }
        };
        // a failed job must not stop the ones queued after it
        CompletableFuture<Void> tail = tails.compute(agentId, (id, previous) -> (previous == null
                ? CompletableFuture.<Void>completedFuture(null) : previous.exceptionally(error -> null))
                .thenRunAsync(counted, pool));
        tail.whenComplete((ok, error) -> tails.remove(agentId, tail));
        return true;
    }

    /** Waits until every job queued so far has run; the number still waiting when the time is up. */
    public int awaitIdle(long millis) throws InterruptedException {
        try {
            CompletableFuture.allOf(tails.values().stream().map(tail -> tail.exceptionally(error -> null))
                    .toArray(CompletableFuture[]::new)).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return pending.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // cannot happen: each tail's failure is absorbed above
        }
        return pending.get();
    }
}
