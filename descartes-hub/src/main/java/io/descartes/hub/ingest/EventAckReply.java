package io.descartes.hub.ingest;

import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code event_ack} for a recorded agent event (PROTOCOL §12.5): its key, its row id, whether it was a re-send. */
public final class EventAckReply implements Processor {

    @Override
    public void process(Exchange exchange) {
        ZmqMessage message = exchange.getProperty(IngestProperties.MESSAGE, ZmqMessage.class);
        long eventId = exchange.getMessage().getHeader(EventJournal.EVENT_ID, Long.class);
        boolean duplicate = exchange.getMessage().getHeader(EventJournal.DUPLICATE, Boolean.class);
        exchange.getMessage().setBody(new EventAck(message.naturalKey(), eventId, duplicate));
    }
}
