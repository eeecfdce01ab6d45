package io.descartes.hub.testing;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility with the limit the hub's tests wait under: generous, because the CI box has 2 cores and may be loaded;
 * a limit, not a claim about speed. The condition runs on the test's own thread, as ZMQ sockets require.
 */
public final class Waits {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Waits() {
    }

    public static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(LIMIT).pollInterval(Duration.ofMillis(20)).pollInSameThread();
    }
}
