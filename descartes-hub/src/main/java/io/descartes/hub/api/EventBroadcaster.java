package io.descartes.hub.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.descartes.hub.store.CommittedBatch;
import io.descartes.hub.store.CommittedEvent;
import io.descartes.hub.store.EventRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step of {@code direct:committed-batch} (bean {@code eventBroadcaster}) that pushes a committed batch's events to
 * every matching {@code /ws/events} client.
 *
 * <p>Input: a {@link CommittedBatch}; its {@link CommittedBatch#fanOut} goes out, in that (id) order, but for the
 * bus's own records ({@value #BUS_MESSAGE}), which go to the bus's streams. It runs on the journal's completion
 * thread before anything asynchronous: resuming clients rely on events arriving here in commit (= id) order. One pass
 * over the clients per batch: the batch's frames are built once into one buffer ({@link BatchFrames}), each client
 * queues slices of it (one per run of events it wants: the whole batch without a filter), and its event loop writes
 * them and flushes once. It never blocks: each client has its own bounded outbox.
 */
public final class EventBroadcaster implements Processor {

    private static final String BUS_MESSAGE = "bus_message";

    private final Set<EventStreamSession> sessions = ConcurrentHashMap.newKeySet();
    private final EventJson json;
    private final EventStreamMetrics metrics = new EventStreamMetrics();

    public EventBroadcaster(EventJson json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        List<CommittedEvent> events = exchange.getMessage().getBody(CommittedBatch.class).fanOut();
        List<EventRow> rows = new ArrayList<>(events.size());
        for (CommittedEvent e : events) {
            if (!BUS_MESSAGE.equals(e.row().eventType())) {
                rows.add(e.row());
            }
        }
        publish(rows);
    }

    /** Pushes the rows, in id order, to every client whose filter matches. */
    public void publish(List<EventRow> rows) {
        if (rows.isEmpty() || sessions.isEmpty()) {
            return;
        }
        // each client's filter as of this batch: a change applies from the next one (frames are built for these)
        List<EventStreamSession> clients = List.copyOf(sessions);
        BatchMatches matches = new BatchMatches(rows, clients.stream().map(EventStreamSession::filter).toList());
        BatchFrames frames = new BatchFrames(rows, matches.wanted(), json);
        try {
            for (int c = 0; c < clients.size(); c++) {
                if (!clients.get(c).publish(frames, matches.of(c))) {
                    sessions.remove(clients.get(c));
                }
            }
        } finally {
            frames.release();
        }
    }

    void add(EventStreamSession session) {
        sessions.add(session);
    }

    void remove(EventStreamSession session) {
        sessions.remove(session);
    }

    /** Clients connected to /ws/events now. */
    public int connectedClients() {
        return sessions.size();
    }

    /** Open clients with exactly this filter: lets a test watch its own clients while others come and go. */
    long openClients(EventFilter filter) {
        return sessions.stream().filter(s -> !s.isClosed() && filter.equals(s.filter())).count();
    }

    /** Clients closed because they fell more than the allowed number of events behind. */
    public long slowClientsDropped() {
        return metrics.slowClientsDropped();
    }

    /** Event messages written to WebSocket clients, catch-up included. */
    public long messagesSent() {
        return metrics.messagesSent();
    }

    EventStreamMetrics metrics() {
        return metrics;
    }
}
