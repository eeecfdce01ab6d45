package io.descartes.hub.ingest;

import java.util.UUID;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.LogTopicFrame;
import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The PUB frame of a recorded message in upstream's framing (PROTOCOL §5.3, §12.7):
 * {@code <agent uuid> 0x00 <msgpack>}, so a SUB filtering on an agent id gets that agent's stream.
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
        exchange.getMessage().setBody(LogTopicFrame.encode(agent, codec.encode(message)));
    }
}
