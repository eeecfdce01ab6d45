package io.descartes.hub.runners;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The placement rule: among the runners that have every label the spawn asks for, run its backend and have room,
 * the least loaded one (by fraction of capacity, then by agent count, then by id so the choice is stable).
 * A spawn asks for labels with metadata entries {@code label.<name> = <value>}.
 */
public final class RunnerSelection {

    public static final String LABEL_PREFIX = "label.";

    private static final Comparator<RunnerCandidate> LEAST_LOADED = Comparator.comparingDouble(RunnerCandidate::load)
            .thenComparingLong(RunnerCandidate::active).thenComparing(RunnerCandidate::id);

    private RunnerSelection() {
    }

    public static Optional<RunnerCandidate> choose(Map<String, String> spawnMetadata, String backend,
                                                   List<RunnerCandidate> candidates) {
        Map<String, String> wanted = requiredLabels(spawnMetadata);
        return candidates.stream()
                .filter(c -> c.labels().entrySet().containsAll(wanted.entrySet()))
                .filter(c -> c.backends().isEmpty() || c.backends().contains(backend))
                .filter(c -> c.active() < c.capacity())
                .min(LEAST_LOADED);
    }

    public static Map<String, String> requiredLabels(Map<String, String> spawnMetadata) {
        Map<String, String> wanted = new LinkedHashMap<>();
        if (spawnMetadata != null) {
            spawnMetadata.forEach((k, v) -> {
                if (k.startsWith(LABEL_PREFIX)) {
                    wanted.put(k.substring(LABEL_PREFIX.length()), v);
                }
            });
        }
        return wanted;
    }
}
