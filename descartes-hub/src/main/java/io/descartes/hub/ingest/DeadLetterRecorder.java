package io.descartes.hub.ingest;

import java.util.HexFormat;

import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.store.DeadLetterEntry;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Prepares the dead-letter row for a frame the hub refused: the reason, the sender, and of the frame at most its first
 * {@code maxRawBytes} bytes with its size and SHA-256 digest, so what a bad frame costs the disk is bounded (the
 * sender's ingest quota bounds how many). The row is written by the journal like any event, so a flood of bad frames
 * is batched too.
 */
public final class DeadLetterRecorder implements Processor {

    private final int maxRawBytes;

    public DeadLetterRecorder(int maxRawBytes) {
        if (maxRawBytes < 0) {
            throw new IllegalArgumentException("hub.dead-letters.max-raw-bytes must be >= 0");
        }
        this.maxRawBytes = maxRawBytes;
    }

    @Override
    public void process(Exchange exchange) {
        ProtocolException error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ProtocolException.class);
        byte[] raw = exchange.getProperty(IngestProperties.RAW_FRAME, byte[].class);
        byte[] identity = exchange.getMessage().getHeader(ZmqConstants.IDENTITY, byte[].class);
        exchange.setProperty(EventJournal.ENTRY, DeadLetterEntry.of(
                exchange.getFromRouteId(),
                identity == null ? null : HexFormat.of().formatHex(identity),
                error.code().wire(),
                error.getMessage(),
                raw == null ? new byte[0] : raw,
                maxRawBytes));
    }
}
