package io.descartes.hub.bus;

import java.sql.SQLException;

import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import org.apache.camel.Exchange;

/**
 * Acks (bean {@code busAcks}): the ack's sender received message {@code request_id} of the ack's recipient, which is
 * then not delivered again. Bookkeeping, not a message: nothing is stored but the delivery's state.
 */
public final class BusAcks {

    private final BusStore store;

    public BusAcks(BusStore store) {
        this.store = store;
    }

    public void ack(Exchange exchange) throws SQLException {
        BusMessage ack = exchange.getMessage().getBody(BusMessage.class);
        if (!store.ack(ack.sender(), ack.recipient(), ack.replyTo())) {
            throw BusRefusal.unknownRequest("'" + ack.sender() + "' has no message '" + ack.replyTo() + "' from '"
                    + ack.recipient() + "' to acknowledge");
        }
        exchange.getMessage().setBody(BusReply.done(ack.id()));
    }
}
