package io.descartes.hub.bus;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.EventRow;
import org.apache.camel.Exchange;

/**
 * Route step (bean {@code busStreams}, routes/bus.camel.yaml) that pushes a stored channel or topic message to the
 * WebSocket clients following it. Called on the journal's completion thread right after {@code eventJournal}, so
 * messages arrive here in stored-id order, which resuming clients rely on; a duplicate was pushed the first time.
 */
public final class BusStreams {

    private final Set<BusStreamSession> sessions = ConcurrentHashMap.newKeySet();

    public void publish(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getMessage().getHeader(EventJournal.DUPLICATE, Boolean.class))) {
            return;
        }
        BusMessage message = exchange.getMessage().getBody(BusMessage.class);
        EventRow row = exchange.getProperty(EventJournal.EVENT_ROW, EventRow.class);
        String frame = BusStreamSession.frame(row.id(), row.content());
        for (BusStreamSession session : sessions) {
            if (session.scope().matches(message)) {
                session.publish(row.id(), frame);
            }
        }
    }

    void add(BusStreamSession session) {
        sessions.add(session);
    }

    void remove(BusStreamSession session) {
        sessions.remove(session);
    }

    /** Clients connected to the bus's WebSocket streams now. */
    public int connectedClients() {
        return sessions.size();
    }
}
