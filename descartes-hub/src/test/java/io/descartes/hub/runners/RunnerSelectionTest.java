package io.descartes.hub.runners;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The placement rule: every asked label, the backend, room; then the least loaded by fraction of capacity. */
class RunnerSelectionTest {

    private static final RunnerCandidate EMBEDDED =
            new RunnerCandidate(RunnerCandidate.EMBEDDED, null, Map.of(), List.of("demo", "echo"), 100, 10);
    private static final RunnerCandidate GPU_BUSY =
            new RunnerCandidate("gpu-1", "tcp://a:1", Map.of("gpu", "true", "zone", "eu"), List.of(), 4, 3);
    private static final RunnerCandidate GPU_IDLE =
            new RunnerCandidate("gpu-2", "tcp://b:1", Map.of("gpu", "true"), List.of("demo"), 4, 1);
    private static final RunnerCandidate CPU_EMPTY =
            new RunnerCandidate("cpu-1", "tcp://c:1", Map.of("zone", "eu"), List.of("demo"), 2, 0);

    private static Optional<String> choose(Map<String, String> metadata, String backend, RunnerCandidate... runners) {
        return RunnerSelection.choose(metadata, backend, List.of(runners)).map(RunnerCandidate::id);
    }

    @Test
    void withoutLabelsTheLeastLoadedByFractionOfCapacityWins() {
        assertEquals(Optional.of("cpu-1"), choose(Map.of(), "demo", EMBEDDED, GPU_BUSY, GPU_IDLE, CPU_EMPTY));
        assertEquals(Optional.of("embedded"), choose(null, "demo", EMBEDDED, GPU_BUSY, GPU_IDLE)); // 10% < 25%
    }

    @Test
    void everyAskedLabelMustMatchThenTheLeastLoadedOfThoseWins() {
        assertEquals(Optional.of("gpu-2"), choose(Map.of("label.gpu", "true", "other", "x"), "demo",
                EMBEDDED, GPU_BUSY, GPU_IDLE, CPU_EMPTY));
        assertEquals(Optional.of("gpu-1"), choose(Map.of("label.gpu", "true", "label.zone", "eu"), "demo",
                EMBEDDED, GPU_BUSY, GPU_IDLE, CPU_EMPTY));
        assertTrue(choose(Map.of("label.gpu", "false"), "demo", EMBEDDED, GPU_BUSY, GPU_IDLE).isEmpty());
    }

    @Test
    void aRunnerMustRunTheBackendUnlessItListsNoneAndHaveRoom() {
        assertEquals(Optional.of("gpu-1"), choose(Map.of(), "claude", EMBEDDED, GPU_BUSY, GPU_IDLE, CPU_EMPTY));
        RunnerCandidate full = new RunnerCandidate("full", "tcp://d:1", Map.of("gpu", "true"), List.of(), 4, 4);
        assertTrue(choose(Map.of("label.gpu", "true"), "claude", full).isEmpty());
    }

    @Test
    void equalLoadsAreBrokenByAgentCountThenId() {
        RunnerCandidate small = new RunnerCandidate("b", "tcp://b:1", Map.of(), List.of(), 2, 1);
        RunnerCandidate large = new RunnerCandidate("c", "tcp://c:1", Map.of(), List.of(), 4, 2);
        RunnerCandidate twin = new RunnerCandidate("a", "tcp://a:1", Map.of(), List.of(), 2, 1);
        assertEquals(Optional.of("a"), choose(Map.of(), "demo", large, small, twin));
    }
}
