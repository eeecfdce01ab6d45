package io.descartes.hub.metrics;

import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.store.DeadLetterEntry;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.EventRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Route step after the journal: counts stored events by type, re-sends, and dead letters. */
public final class RecordedEventMeter implements Processor {

    private final HubMeters meters;

    public RecordedEventMeter(HubMeters meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        String type = exchange.getMessage().getHeader(DescartesHeaders.MESSAGE_TYPE, "unknown", String.class);
        EventRow row = exchange.getProperty(EventJournal.EVENT_ROW, EventRow.class);
        if (exchange.getProperty(EventJournal.ENTRY) instanceof DeadLetterEntry) {
            meters.deadLettered();
        } else if (row != null) {
            meters.recorded(row.eventType());
        } else if (Boolean.TRUE.equals(exchange.getMessage().getHeader(EventJournal.DUPLICATE, Boolean.class))) {
            meters.duplicate(type);
        }
    }
}
