package io.descartes.hub.commands;

import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The failure response for a request no route serves (yet): one reply, never silence. */
public final class UnservedRequestReply implements Processor {

    private final HubIdentity hub;

    public UnservedRequestReply(HubIdentity hub) {
        this.hub = hub;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ZmqMessage request = exchange.getMessage().getMandatoryBody(ZmqMessage.class);
        exchange.getMessage().setBody(FailureResponses.of(request,
                "request type `" + request.type() + "` is not served by this hub", hub));
    }
}
