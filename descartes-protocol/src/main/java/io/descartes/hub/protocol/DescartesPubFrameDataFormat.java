package io.descartes.hub.protocol;

import java.io.OutputStream;

import org.apache.camel.Exchange;

/**
 * Camel data format {@code descartesPubFrame}: reads what the hub publishes on its PUB endpoint
 * ({@code <agent uuid> 0x00 <msgpack>}, PROTOCOL §5.3) into the {@link ZmqMessage}, with headers
 * {@value DescartesHeaders#AGENT_ID} and {@value DescartesHeaders#MESSAGE_TYPE}. It lets a YAML route
 * tap the event stream from a {@code zmq:sub} consumer without Java. Unmarshal only: publishing is the
 * hub's own record route.
 */
public final class DescartesPubFrameDataFormat extends DescartesMsgpackDataFormat {

    public static final String NAME = "descartesPubFrame";

    @Override
    public String getDataFormatName() {
        return NAME;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) {
        throw new UnsupportedOperationException("descartesPubFrame only unmarshals; marshal with descartesMsgpack");
    }

    @Override
    public Object unmarshal(Exchange exchange, Object body) throws Exception {
        LogTopicFrame frame = LogTopicFrame.decode(frame(exchange, body));
        exchange.getMessage().setHeader(DescartesHeaders.AGENT_ID, frame.agentId().toString());
        return decode(exchange, frame.payload());
    }
}
