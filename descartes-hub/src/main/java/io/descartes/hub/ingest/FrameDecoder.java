package io.descartes.hub.ingest;

import io.descartes.hub.protocol.DescartesMsgpackDataFormat;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The received frame decoded, exactly what {@code unmarshal: descartesMsgpack} makes of it (the message as the body,
 * its tag in a header), as a plain step for the per-frame ROUTER routes: Camel's unmarshal step copies the message,
 * headers and all, and reads the frame through a stream copy on every exchange (bench/README, session 10).
 */
public final class FrameDecoder implements Processor {

    private final DescartesMsgpackDataFormat format;

    public FrameDecoder(DescartesMsgpackDataFormat format) {
        this.format = format;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().setBody(format.unmarshal(exchange, exchange.getMessage().getBody()));
    }
}
