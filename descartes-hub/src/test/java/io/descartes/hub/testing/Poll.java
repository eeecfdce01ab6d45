package io.descartes.hub.testing;

import java.util.concurrent.Callable;

/** Waits for a condition instead of sleeping a fixed time: tests stay quick on a fast machine and pass on a slow one. */
public final class Poll {

    private static final long TIMEOUT_MS = 60_000;

    private Poll() {
    }

    public static void until(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.call()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
