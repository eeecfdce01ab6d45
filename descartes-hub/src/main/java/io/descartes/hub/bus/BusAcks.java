package io.descartes.hub.bus;

import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.store.BusAckEntry;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;

/**
 * Acks (bean {@code busAcks}): the ack's sender received message {@code request_id} of the ack's recipient, which is
 * then not delivered again. Bookkeeping, not a message: only the delivery's state changes, in the journal's group
 * commit with the messages and acks of its batch.
 */
public final class BusAcks {

    /** The journal entry that marks the delivery acked. */
    public void entry(Exchange exchange) {
        BusMessage ack = exchange.getMessage().getBody(BusMessage.class);
        exchange.setProperty(EventJournal.ENTRY, new BusAckEntry(ack.sender(), ack.recipient(), ack.replyTo()));
    }

    /** After the commit: done, or {@code unknown_request} when the sender never had that message. */
    public void acked(Exchange exchange) {
        BusMessage ack = exchange.getMessage().getBody(BusMessage.class);
        if (exchange.getMessage().getHeader(EventJournal.EVENT_ID, 0L, Long.class) == 0) {
            throw BusRefusal.unknownRequest("'" + ack.sender() + "' has no message '" + ack.replyTo() + "' from '"
                    + ack.recipient() + "' to acknowledge");
        }
        exchange.getMessage().setBody(BusReply.done(ack.id()));
    }
}
