package io.descartes.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.LogTopicFrame;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The PUB message of a recorded agent event ({@code status_update}, {@code log_stream}). Its first frame is upstream's framing (PROTOCOL §5.3, §12.7):
 * {@code <agent uuid> 0x00 <msgpack>}, so a SUB filtering on an agent id gets that agent's stream and
 * an upstream subscriber, which reads the first frame only, sees exactly what upstream sends. A second
 * frame carries the event's id (decimal ASCII) so hub-aware subscribers can resume from
 * {@code /api/events?after=} without a gap. The msgpack is the frame as received when the event came in over ZMQ
 * ({@value IngestProperties#RAW_FRAME}), not re-encoded; only the embedded runner's events, which
 * never were bytes, are encoded, once, here.
 */
public final class PubFrameEncoder implements Processor {

    private final DescartesCodec codec;

    public PubFrameEncoder(DescartesCodec codec) {
        this.codec = codec;
    }

    @Override
    public void process(Exchange exchange) {
        ZmqMessage message = exchange.getProperty(IngestProperties.MESSAGE, ZmqMessage.class);
        UUID agent = AgentIds.of(message);
        long eventId = exchange.getMessage().getHeader(EventJournal.EVENT_ID, Long.class);
        byte[] received = exchange.getProperty(IngestProperties.RAW_FRAME, byte[].class);
        byte[] msgpack = received != null ? received : codec.encode(message);
        exchange.getMessage().setBody(List.of(LogTopicFrame.encode(agent, msgpack),
                Long.toString(eventId).getBytes(StandardCharsets.US_ASCII)));
    }
}
