package io.descartes.hub.bus;

import java.sql.SQLException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.WireTime;
import org.apache.camel.Exchange;

/**
 * Request/response correlation (bean {@code busRequests}): a response or error goes back to whoever sent the request it
 * names, once; a request nobody answers in time is answered by the hub.
 */
public final class BusRequests {

    private final BusStore store;
    private final BusSettings settings;

    public BusRequests(BusStore store, BusSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * Addresses a response (or error) to the requester of the open request it answers, which must have been sent to its
     * sender; {@code unknown_request} when there is none open (never sent, already answered, or timed out). A re-sent
     * answer passes untouched: the journal answers it as the duplicate it is.
     */
    public void answer(Exchange exchange) throws SQLException {
        BusMessage m = exchange.getMessage().getBody(BusMessage.class);
        if (BusMessages.HUB.equals(m.sender()) || store.stored(m.sender(), m.id())) {
            return;
        }
        String requester = store.requester(m.replyTo(), m.sender()).orElseThrow(() -> BusRefusal.unknownRequest(
                "no open request '" + m.replyTo() + "' to '" + m.sender() + "' (never sent, answered or timed out)"));
        if (m.recipient() != null && !m.recipient().equals(requester)) {
            throw BusRefusal.invalid("request '" + m.replyTo() + "' came from '" + requester + "', not '"
                    + m.recipient() + "'");
        }
        exchange.getMessage().setBody(m.toRecipient(requester));
    }

    /** The hub's error for a request nobody answered in time; its id makes a second one a duplicate. */
    public BusMessage timeoutError(BusDeliveryLog.OpenRequest request) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("error", "timeout")
                .put("reason", "'" + request.recipient() + "' did not answer within "
                        + settings.requestTimeoutMillis() + " ms");
        return new BusMessage("timeout:" + request.id(), BusKind.ERROR, BusMessages.HUB, request.sender(), null, null,
                request.id(), request.correlationId(), payload, request.priority(), WireTime.now(), 0, false, null);
    }
}
