package io.descartes.hub.metrics;

import io.descartes.hub.store.EventEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Route step after a lease or secret change is journaled: counts it by its event type. */
public final class SecurityOperationMeter implements Processor {

    private final HubMeters meters;

    public SecurityOperationMeter(HubMeters meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(EventJournal.ENTRY) instanceof EventEntry entry) {
            meters.securityOperation(entry.eventType());
        }
    }
}
