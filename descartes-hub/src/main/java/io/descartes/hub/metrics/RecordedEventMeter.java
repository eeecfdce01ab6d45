package io.descartes.hub.metrics;

import io.descartes.hub.store.CommittedBatch;
import io.descartes.hub.store.CommittedEvent;
import io.descartes.hub.store.DeadLetterEntry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Step of {@code direct:committed-batch}: counts a committed batch's stored events by type, re-sends, and dead letters. */
public final class RecordedEventMeter implements Processor {

    private final HubMeters meters;

    public RecordedEventMeter(HubMeters meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        for (CommittedEvent e : exchange.getMessage().getBody(CommittedBatch.class).committed()) {
            if (e.entry() instanceof DeadLetterEntry) {
                meters.deadLettered();
            } else if (e.row() != null) {
                meters.recorded(e.row().eventType());
            } else if (e.duplicate() && e.entry().eventEntry() != null) {
                meters.duplicate(e.entry().eventEntry().eventType());
            }
        }
    }
}
