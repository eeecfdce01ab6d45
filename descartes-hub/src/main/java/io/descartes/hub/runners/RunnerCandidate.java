package io.descartes.hub.runners;

import java.util.List;
import java.util.Map;

/**
 * A runner that may take a spawn: its labels, the backends it runs (empty = any) and how full it is.
 *
 * @param address the runner's command endpoint; null for the hub's embedded runner
 */
public record RunnerCandidate(String id, String address, Map<String, String> labels, List<String> backends,
                              long capacity, long active) {

    public static final String EMBEDDED = "embedded";

    public boolean isEmbedded() {
        return address == null;
    }

    /** Fraction of its capacity in use: runners of different sizes compare by how full they are. */
    double load() {
        return capacity == 0 ? 1.0 : (double) active / capacity;
    }
}
