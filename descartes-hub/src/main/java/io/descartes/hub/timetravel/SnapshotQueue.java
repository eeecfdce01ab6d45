package io.descartes.hub.timetravel;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs snapshot jobs off the journal's completion thread: one at a time per agent (so an agent's commits follow its
 * event log), agents in parallel on a shared pool, each agent's next job behind every other agent's waiting one.
 * An agent has at most one job waiting: a newer trigger replaces it, since a job commits the workspace as it is when
 * it runs, which is already past the newer trigger's event (a storm of pauses is one snapshot at its last pause, not
 * a backlog of commits that all hold the same later tree). At most {@code maxPending} agents wait in all; above that
 * a job is dropped with a warning instead of blocking: ingest never waits for git. At shutdown {@link #awaitIdle}
 * lets the queued jobs finish while the routes they record through still run.
 */
public final class SnapshotQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotQueue.class);

    private final Executor pool;
    private final int maxPending;
    /** Agents with a job running or waiting; guarded by {@code this}. */
    private final Map<String, Lane> lanes = new HashMap<>();
    private int waiting;

    /** One agent's jobs: the one waiting, and how many triggers it replaced. */
    private static final class Lane {
        IntConsumer next;
        int superseded;
    }

    public SnapshotQueue(Executor pool, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("snapshot queue: maxPending must be >= 1");
        }
        this.pool = pool;
        this.maxPending = maxPending;
    }

    /**
     * Queues the agent's job, replacing the one it has waiting. The job is called with the number of triggers it
     * replaced (0 unless the agent's jobs came faster than they ran).
     *
     * @return whether the job was queued
     */
    public synchronized boolean submit(String agentId, IntConsumer job) {
        Lane lane = lanes.get(agentId);
        if (lane != null && lane.next != null) {
            lane.next = job;
            lane.superseded++;
            return true;
        }
        if (waiting >= maxPending) {
            LOG.warn("snapshot of agent {} dropped: {} agents' snapshots already waiting", agentId, maxPending);
            return false;
        }
        waiting++;
        if (lane == null) {
            lane = new Lane();
            lanes.put(agentId, lane);
            lane.next = job;
            return schedule(agentId, lane);
        }
        lane.next = job; // its running job schedules this one when it ends
        return true;
    }

    /** Waits until every job queued so far has run; the number of agents with jobs left when the time is up. */
    public synchronized int awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; !lanes.isEmpty() && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
        return lanes.size();
    }

    private boolean schedule(String agentId, Lane lane) {
        try {
            pool.execute(() -> runNext(agentId, lane));
            return true;
        } catch (RejectedExecutionException e) {
            LOG.warn("snapshot of agent {} dropped: the snapshot threads are stopped", agentId);
            waiting--;
            lanes.remove(agentId);
            notifyAll();
            return false;
        }
    }

    private void runNext(String agentId, Lane lane) {
        IntConsumer job;
        int superseded;
        synchronized (this) {
            job = lane.next;
            superseded = lane.superseded;
            lane.next = null;
            lane.superseded = 0;
            waiting--;
        }
        try {
            job.accept(superseded);
        } catch (RuntimeException e) { // a failed job must not stop the agent's next one
            LOG.warn("snapshot of agent {} failed: {}", agentId, e.toString());
        } finally {
            synchronized (this) {
                if (lane.next != null) {
                    schedule(agentId, lane); // behind the other agents' waiting jobs, not ahead of them
                } else {
                    lanes.remove(agentId);
                    notifyAll();
                }
            }
        }
    }
}
