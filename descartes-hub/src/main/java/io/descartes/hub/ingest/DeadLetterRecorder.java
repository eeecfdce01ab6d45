package io.descartes.hub.ingest;

import java.util.HexFormat;

import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.store.DeadLetterEntry;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Prepares the dead-letter row for a frame the hub refused: its raw bytes, the reason, the sender.
 * The row is written by the journal like any event, so a flood of bad frames is batched too.
 */
public final class DeadLetterRecorder implements Processor {

    @Override
    public void process(Exchange exchange) {
        ProtocolException error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ProtocolException.class);
        byte[] raw = exchange.getProperty(IngestProperties.RAW_FRAME, byte[].class);
        byte[] identity = exchange.getMessage().getHeader(ZmqConstants.IDENTITY, byte[].class);
        exchange.setProperty(EventJournal.ENTRY, new DeadLetterEntry(
                exchange.getFromRouteId(),
                identity == null ? null : HexFormat.of().formatHex(identity),
                error.code().wire(),
                error.getMessage(),
                raw == null ? new byte[0] : raw));
    }
}
