package io.descartes.hub.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.descartes.hub.store.EventRow;
import org.junit.jupiter.api.Test;

/** Each client's matches of a batch, and the rows any client wants, from one evaluation of each filter per row. */
class BatchMatchesTest {

    @Test
    void eachFilterIsEvaluatedOncePerRowAndClientsWithEqualFiltersShareIt() {
        List<EventRow> rows = new ArrayList<>();
        for (long id = 1; id <= 6; id++) {
            rows.add(new EventRow(id, id % 2 == 0 ? "started" : "output", 1700000000, "a-" + id % 3, null, "{}", "{}", null));
        }
        AtomicInteger evaluations = new AtomicInteger();
        Predicate<EventRow> startedOnly = counted(new EventFilter(null, "started"), evaluations);
        Predicate<EventRow> agentZero = counted(new EventFilter("a-0", null), evaluations);

        // five clients: three with one filter, two with another
        BatchMatches matches = new BatchMatches(rows, List.of(startedOnly, agentZero, startedOnly, agentZero, startedOnly));

        assertEquals(2 * rows.size(), evaluations.get(), "two distinct filters, each once per row");
        boolean[] started = {false, true, false, true, false, true};
        boolean[] ofAgentZero = {false, false, true, false, false, true};
        assertArrayEquals(started, matches.of(0));
        assertArrayEquals(ofAgentZero, matches.of(1));
        assertArrayEquals(started, matches.of(4));
        assertArrayEquals(new boolean[] {false, true, true, true, false, true}, matches.wanted());
    }

    @Test
    void withoutClientsNoRowIsWanted() {
        List<EventRow> rows = List.of(new EventRow(1, "output", 1700000000, "a", null, "{}", "{}", null));
        assertArrayEquals(new boolean[] {false}, new BatchMatches(rows, List.of()).wanted());
    }

    private static Predicate<EventRow> counted(EventFilter filter, AtomicInteger evaluations) {
        return row -> {
            evaluations.incrementAndGet();
            return filter.test(row);
        };
    }
}
