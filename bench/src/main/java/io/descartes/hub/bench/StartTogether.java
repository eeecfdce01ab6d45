package io.descartes.hub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** Load threads that start at the same instant (each waits on the latch it is given) so warm-up skew is not measured. */
final class StartTogether {

    private StartTogether() {
    }

    /** Runs every task on its own thread, releases them together, waits for all; returns the wall time in seconds. */
    static double run(String threadName, List<? extends Consumer<CountDownLatch>> tasks) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (Consumer<CountDownLatch> task : tasks) {
            Thread t = new Thread(() -> task.accept(go), threadName);
            t.start();
            threads.add(t);
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
