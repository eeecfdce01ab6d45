package io.descartes.hub.bus;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.store.BusMessageEntry;
import io.descartes.hub.store.CommittedBatch;
import io.descartes.hub.store.CommittedEvent;
import io.descartes.hub.store.EventRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step of {@code direct:committed-batch} (bean {@code busStreams}) that pushes the channel and topic messages this hub
 * stored in a committed batch to the WebSocket clients following them. It runs on the journal's completion thread, so
 * messages arrive here in stored-id order, which resuming clients rely on; a re-send was pushed the first time.
 */
public final class BusStreams implements Processor {

    private final Set<BusStreamSession> sessions = ConcurrentHashMap.newKeySet();

    @Override
    public void process(Exchange exchange) {
        if (sessions.isEmpty()) {
            return;
        }
        for (CommittedEvent e : exchange.getMessage().getBody(CommittedBatch.class).fanOut()) {
            if (e.entry() instanceof BusMessageEntry entry && (entry.channel() != null || entry.topic() != null)) {
                publish(e.row(), e.exchange().getMessage().getBody(BusMessage.class));
            }
        }
    }

    private void publish(EventRow row, BusMessage message) {
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
