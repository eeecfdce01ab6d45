package io.descartes.hub.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.descartes.hub.store.EventRow;

/**
 * Which of a committed batch's rows each client's filter matches, every filter evaluated once per row: the frames are
 * built for the union and each client queues its own matches from here. Clients with equal filters (typically all of
 * them: no filter) share one evaluation.
 */
final class BatchMatches {

    /** Client c's matches: matches[c][row]; clients with equal filters share the array. */
    private final boolean[][] matches;
    /** Rows at least one client matches. */
    private final boolean[] wanted;

    /** @param filters each client's filter as of this batch, in client order */
    BatchMatches(List<EventRow> rows, List<? extends Predicate<EventRow>> filters) {
        this.matches = new boolean[filters.size()][];
        this.wanted = new boolean[rows.size()];
        Map<Predicate<EventRow>, boolean[]> byFilter = new HashMap<>();
        for (int c = 0; c < matches.length; c++) {
            matches[c] = byFilter.computeIfAbsent(filters.get(c), filter -> evaluate(rows, filter));
        }
    }

    private boolean[] evaluate(List<EventRow> rows, Predicate<EventRow> filter) {
        boolean[] matched = new boolean[rows.size()];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = filter.test(rows.get(i));
            wanted[i] |= matched[i];
        }
        return matched;
    }

    boolean[] wanted() {
        return wanted;
    }

    /** Client {@code client}'s matches, by row; not to be changed. */
    boolean[] of(int client) {
        return matches[client];
    }
}
