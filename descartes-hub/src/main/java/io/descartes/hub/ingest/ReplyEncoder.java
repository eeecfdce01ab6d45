package io.descartes.hub.ingest;

import io.descartes.hub.protocol.DescartesReplyDataFormat;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The reply's msgpack frame, exactly what {@code marshal: descartesReply} writes (an oversize reply cut to fit), as a
 * plain step for the per-frame ROUTER routes: Camel's marshal step copies the message, headers and all, and looks its
 * route up among all of the hub's routes on every exchange (bench/README, session 10).
 */
public final class ReplyEncoder implements Processor {

    private final DescartesReplyDataFormat format;

    public ReplyEncoder(DescartesReplyDataFormat format) {
        this.format = format;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(format.encode(exchange.getMessage().getBody()));
    }
}
