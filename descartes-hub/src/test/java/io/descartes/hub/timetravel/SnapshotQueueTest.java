package io.descartes.hub.timetravel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The snapshot queue on one real thread, its first job held until the test lets it go. */
class SnapshotQueueTest {

    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        thread.shutdownNow();
    }

    @Test
    void anAgentsNextJobRunsBehindTheOtherAgentsWaitingOnes() throws Exception {
        SnapshotQueue queue = new SnapshotQueue(thread, 10);
        assertTrue(queue.submit("a", held("a1")));
        started.await();
        assertTrue(queue.submit("b", job("b1")));
        assertTrue(queue.submit("a", job("a2")));
        assertTrue(queue.submit("c", job("c1")));
        release.countDown();
        assertEquals(0, queue.awaitIdle(10_000));
        assertEquals(List.of("a1 0", "b1 0", "c1 0", "a2 0"), ran);
    }

    @Test
    void aNewerJobTakesTheWaitingOnesPlaceAndCountsItsTriggers() throws Exception {
        SnapshotQueue queue = new SnapshotQueue(thread, 10);
        queue.submit("a", held("a1"));
        started.await();
        for (int i = 2; i <= 5; i++) {
            assertTrue(queue.submit("a", job("a" + i)));
        }
        release.countDown();
        assertEquals(0, queue.awaitIdle(10_000));
        assertEquals(List.of("a1 0", "a5 3"), ran);
    }

    @Test
    void overMaxPendingAnotherAgentsJobIsDroppedButAWaitingAgentsNewerOneIsNot() throws Exception {
        SnapshotQueue queue = new SnapshotQueue(thread, 1);
        queue.submit("a", held("a1"));
        started.await();
        assertTrue(queue.submit("b", job("b1")));
        assertFalse(queue.submit("c", job("c1")), "a second agent waiting is over the bound");
        assertTrue(queue.submit("b", job("b2")));
        assertEquals(2, queue.awaitIdle(50), "a (running) and b (waiting) are not done");
        release.countDown();
        assertEquals(0, queue.awaitIdle(10_000));
        assertEquals(List.of("a1 0", "b2 1"), ran);
        assertTrue(queue.submit("c", job("c2")), "room again once the waiting ones ran");
        assertEquals(0, queue.awaitIdle(10_000));
    }

    @Test
    void aFailedJobDoesNotStopTheAgentsNextOne() throws Exception {
        SnapshotQueue queue = new SnapshotQueue(thread, 10);
        queue.submit("a", superseded -> {
            await(started, release);
            throw new IllegalStateException("git failed");
        });
        started.await();
        queue.submit("a", job("a2"));
        release.countDown();
        assertEquals(0, queue.awaitIdle(10_000));
        assertEquals(List.of("a2 0"), ran);
    }

    @Test
    void aStoppedPoolDropsTheJobAndLeavesNothingToWaitFor() throws Exception {
        thread.shutdown();
        SnapshotQueue queue = new SnapshotQueue(thread, 10);
        assertFalse(queue.submit("a", job("a1")));
        assertEquals(0, queue.awaitIdle(10_000));
        assertEquals(List.of(), ran);
    }

    private IntConsumer job(String name) {
        return superseded -> ran.add(name + " " + superseded);
    }

    private IntConsumer held(String name) {
        return superseded -> {
            await(started, release);
            ran.add(name + " " + superseded);
        };
    }

    private static void await(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        try {
            assertTrue(release.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
