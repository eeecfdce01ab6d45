package io.descartes.hub.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code direct:committed-batch}: one group commit's entries in commit order, and the events to fan out
 * (WebSocket, PUB), in id order. The fan-out starts as the batch's new events; on a store several hubs write, the
 * event feed puts the events other hubs committed before them first and drops those it already sent.
 */
public final class CommittedBatch {

    private final List<CommittedEvent> committed;
    private List<CommittedEvent> fanOut;

    public CommittedBatch(List<CommittedEvent> committed) {
        this.committed = List.copyOf(committed);
        List<CommittedEvent> fresh = new ArrayList<>(committed.size());
        for (CommittedEvent e : committed) {
            if (e.row() != null) {
                fresh.add(e);
            }
        }
        this.fanOut = fresh;
    }

    /** Events other hubs committed, read from the store in id order: nothing of this hub's, all to fan out. */
    public static CommittedBatch stored(List<EventRow> rows) {
        CommittedBatch batch = new CommittedBatch(List.of());
        batch.fanOut = rows.stream().map(CommittedEvent::stored).toList();
        return batch;
    }

    /** This hub's entries, in commit order: re-sends and dead letters included. */
    public List<CommittedEvent> committed() {
        return committed;
    }

    /** The events to fan out, in id order. */
    public List<CommittedEvent> fanOut() {
        return fanOut;
    }

    /** Set by the event feed (completion thread only). */
    public void fanOut(List<CommittedEvent> events) {
        this.fanOut = List.copyOf(events);
    }
}
