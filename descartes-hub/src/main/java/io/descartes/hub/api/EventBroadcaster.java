package io.descartes.hub.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.EventRow;
import io.netty.buffer.ByteBuf;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step (bean {@code eventBroadcaster}) that pushes a recorded event to every matching
 * {@code /ws/events} client.
 *
 * <p>Input: the exchange property {@value EventJournal#EVENT_ROW} holding the committed {@link EventRow}. Call it
 * on the journal's completion thread, right after {@code eventJournal} and before anything
 * asynchronous: resuming clients rely on events arriving here in commit (= id) order. An exchange
 * whose {@code DescartesDuplicate} header is true is a re-send already broadcast, and is skipped.
 * It never blocks: each client has its own bounded outbox.
 */
public final class EventBroadcaster implements Processor {


    private final Set<EventStreamSession> sessions = ConcurrentHashMap.newKeySet();
    private final EventJson json;
    private final EventStreamMetrics metrics = new EventStreamMetrics();

    public EventBroadcaster(EventJson json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getMessage().getHeader(EventJournal.DUPLICATE, Boolean.class))) {
            return;
        }
        EventRow row = exchange.getProperty(EventJournal.EVENT_ROW, EventRow.class);
        if (row == null) {
            throw new IllegalStateException("no event to broadcast: exchange property " + EventJournal.EVENT_ROW + " is not set");
        }
        publish(row);
    }

    public void publish(EventRow row) {
        SharedFrame frame = new SharedFrame(row);
        try {
            for (EventStreamSession session : sessions) {
                if (!session.publish(row, frame)) {
                    sessions.remove(session);
                }
            }
        } finally {
            frame.release();
        }
    }

    /** The event's frame, built once and only if some client wants it; each client takes a retained duplicate. */
    private final class SharedFrame implements Supplier<ByteBuf> {
        private final EventRow row;
        private ByteBuf frame;

        SharedFrame(EventRow row) {
            this.row = row;
        }

        @Override
        public ByteBuf get() {
            if (frame == null) {
                frame = EventFrame.of(json.recordedToUtf8(row));
            }
            return EventFrame.share(frame);
        }

        void release() {
            if (frame != null) {
                frame.release();
            }
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
