package io.descartes.hub.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.RunnerHeartbeat;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.testing.ManualClock;
import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Two hubs' registries on one store (README "Failover"): a runner that failed over from hub-a to hub-b is hub-b's,
 * and hub-a's sweep, before or after a restart, does not mark it lost; silent everywhere, it is lost once.
 */
class RunnerHubMoveTest {

    private static final String DB = "target/runner-hub-move-test.db";
    private static final long LOST_AFTER = 1000;
    private static final LinkPeer KEY = new LinkPeer("k".repeat(40), true);
    private static final RunnerRegister REGISTER = new RunnerRegister("runner-r", "tcp://127.0.0.1:1", 1, Map.of(),
            List.of());
    private static final RunnerHeartbeat BEAT = new RunnerHeartbeat("runner-r", 1);

    private final ManualClock clock = new ManualClock();
    private final RunnerStore store = new RunnerStore(MigratedDatabase.fresh(DB), new ObjectMapper());

    @Test
    void aRunnerThatMovedToAnotherHubIsNotLostByTheHubItLeft() throws Exception {
        RunnerRegistry a = new RunnerRegistry(store, clock, LOST_AFTER, "hub-a");
        RunnerRegistry b = new RunnerRegistry(store, clock, LOST_AFTER, "hub-b");
        assertTrue(a.handle(REGISTER, KEY).known());
        UUID agent = UUID.randomUUID();
        TestDatabase.execute(DB, "INSERT INTO agents (id, name, status, created_at, updated_at) VALUES ('" + agent
                + "', 'a', 'running', 0, 0)");
        a.assigned(agent, "runner-r");
        assertEquals("hub-a", hubOf());

        // hub-a goes silent: the runner's next beat goes to hub-b, which does not know it, so it registers there
        clock.advance(LOST_AFTER / 2);
        assertFalse(b.handle(BEAT, KEY).known());
        assertTrue(b.handle(REGISTER, KEY).known());
        assertEquals("hub-b", hubOf());
        for (int beat = 0; beat < 3; beat++) {
            clock.advance(LOST_AFTER / 2);
            assertTrue(b.handle(BEAT, KEY).known());
        }
        assertEquals(List.of(), a.sweep(), "silent at hub-a for longer than the limit, but heard by hub-b");
        RunnerRegistry restartedA = new RunnerRegistry(store, clock, LOST_AFTER, "hub-a");
        clock.advance(LOST_AFTER / 2);
        assertTrue(b.handle(BEAT, KEY).known());
        clock.advance(LOST_AFTER / 2 + 1);
        assertTrue(b.handle(BEAT, KEY).known());
        assertEquals(List.of(), restartedA.sweep(), "a restarted hub-a loads it as live, and leaves it to hub-b");
        assertEquals("live", statusOf());

        // silent everywhere: whichever hub sweeps first marks it lost and fails its agent, once
        clock.advance(LOST_AFTER + 1);
        assertEquals(1, b.sweep().size());
        assertEquals("lost", statusOf());
        assertEquals(List.of(), restartedA.sweep());
    }

    private static String hubOf() throws Exception {
        return TestDatabase.queryString(DB, "SELECT hub_id FROM runners WHERE id = 'runner-r'");
    }

    private static String statusOf() throws Exception {
        return TestDatabase.queryString(DB, "SELECT status FROM runners WHERE id = 'runner-r'");
    }
}
