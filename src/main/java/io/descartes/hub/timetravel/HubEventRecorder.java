package io.descartes.hub.timetravel;

import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Records an event the hub itself originates (snapshot_created, rewind) through the
 * {@value #ROUTE} route, i.e. the journal and the WebSocket broadcast, and waits for its id.
 * Never call it from the journal writer thread: it would wait for itself.
 */
public final class HubEventRecorder {

    public static final String ROUTE = "direct:record-hub-event";

    private final ProducerTemplate template;

    public HubEventRecorder(ProducerTemplate template) {
        this.template = template;
    }

    public long record(EventEntry entry) throws Exception {
        Exchange done = template.send(ROUTE, exchange -> exchange.setProperty(EventJournal.ENTRY, entry));
        if (done.getException() != null) {
            throw done.getException();
        }
        return done.getMessage().getHeader(EventJournal.EVENT_ID, Long.class);
    }
}
