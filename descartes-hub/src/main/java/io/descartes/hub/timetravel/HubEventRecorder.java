package io.descartes.hub.timetravel;

import io.descartes.hub.store.AgentChange;
import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Records an event the hub itself originates (snapshot_created, rewind) through the
 * {@value #ROUTE} route, i.e. the journal and the WebSocket broadcast, and waits for its id.
 * Never call it from the journal's completion thread: it would wait for itself.
 */
public final class HubEventRecorder {

    public static final String ROUTE = "direct:record-hub-event";
    private static final String METADATA = "{\"source\":\"hub\"}";

    private final ProducerTemplate template;

    public HubEventRecorder(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * @param content     the event's JSON text
     * @param agentChange the registry change committed with the event, or null
     * @return the event id
     */
    public long record(String eventType, String agentId, String content, AgentChange agentChange) throws Exception {
        EventEntry entry = new EventEntry(eventType, agentId, null, content, METADATA, null, agentChange);
        Exchange done = template.send(ROUTE, exchange -> exchange.setProperty(EventJournal.ENTRY, entry));
        if (done.getException() != null) {
            throw done.getException();
        }
        return done.getMessage().getHeader(EventJournal.EVENT_ID, Long.class);
    }
}
