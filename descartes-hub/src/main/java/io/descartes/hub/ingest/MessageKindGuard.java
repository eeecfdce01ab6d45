package io.descartes.hub.ingest;

import io.descartes.hub.protocol.MessageType;
import io.descartes.hub.protocol.ProtocolErrors;
import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Lets through only the kind of message an endpoint serves: requests on the command endpoint,
 * agent events on the runner link. Anything else is an {@code unexpected_type} error reply.
 */
public final class MessageKindGuard implements Processor {

    private final MessageType.Kind accepted;

    public MessageKindGuard(MessageType.Kind accepted) {
        this.accepted = accepted;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ZmqMessage message = exchange.getMessage().getMandatoryBody(ZmqMessage.class);
        if (message.messageType().kind() != accepted) {
            throw ProtocolErrors.unexpectedType(message);
        }
    }
}
