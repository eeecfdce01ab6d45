package io.descartes.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.LogTopicFrame;
import io.descartes.hub.protocol.MessageType;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.store.CommittedBatch;
import io.descartes.hub.store.CommittedEvent;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PUB messages of a committed batch's agent events ({@code status_update}, {@code log_stream}), in its fan-out's
 * (id) order, as one body for the {@code zmq:pub} producer (header {@code ZmqBatch}): one message per event. Its first
 * frame is upstream's framing (PROTOCOL §5.3, §12.7): {@code <agent uuid> 0x00 <msgpack>}, so a SUB filtering on an
 * agent id gets that agent's stream and an upstream subscriber, which reads the first frame only, sees exactly what
 * upstream sends. A second frame carries the event's id (decimal ASCII) so hub-aware subscribers can resume from
 * {@code /api/events?after=} without a gap. The msgpack is the frame as received when the event came in over ZMQ
 * ({@value IngestProperties#RAW_FRAME}), not re-encoded; the embedded runner's events, which never were bytes, and
 * other hubs' events, read from the store, are encoded, once, here.
 */
public final class PubFrameEncoder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(PubFrameEncoder.class);

    private final DescartesCodec codec;
    private final ObjectMapper json;

    public PubFrameEncoder(DescartesCodec codec, ObjectMapper json) {
        this.codec = codec;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        List<CommittedEvent> events = exchange.getMessage().getBody(CommittedBatch.class).fanOut();
        List<List<byte[]>> messages = new ArrayList<>(events.size());
        for (CommittedEvent e : events) {
            ZmqMessage message = e.stored() ? storedAgentEvent(e.row()) : localAgentEvent(e);
            if (message != null) {
                byte[] received = e.property(IngestProperties.RAW_FRAME, byte[].class);
                byte[] msgpack = received != null ? received : codec.encode(message);
                messages.add(List.of(LogTopicFrame.encode(AgentIds.of(message), msgpack),
                        Long.toString(e.id()).getBytes(StandardCharsets.US_ASCII)));
            }
        }
        exchange.getMessage().setHeader(ZmqConstants.BATCH, true);
        exchange.getMessage().setBody(messages);
    }

    /** The decoded message of an agent event this hub recorded (frameRecorder), null for any other event. */
    private static ZmqMessage localAgentEvent(CommittedEvent e) {
        return Boolean.TRUE.equals(e.property(IngestProperties.AGENT_EVENT, Boolean.class))
                ? e.property(IngestProperties.MESSAGE, ZmqMessage.class) : null;
    }

    /** Another hub's agent event, decoded from the store; null for any other event. */
    private ZmqMessage storedAgentEvent(EventRow row) {
        try {
            if (MessageType.fromTag(row.eventType()).kind() != MessageType.Kind.EVENT) {
                return null;
            }
        } catch (ProtocolException e) {
            return null; // the hub's own events (snapshot_created, rewind, lease and secret changes)
        }
        try {
            return ProtocolJson.fromJson(json.readTree(row.content()));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("event {} not published: its stored content is not the message: {}", row.id(), e.toString());
            return null;
        }
    }
}
