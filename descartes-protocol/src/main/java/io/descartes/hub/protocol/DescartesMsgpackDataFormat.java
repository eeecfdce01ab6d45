package io.descartes.hub.protocol;

import java.io.InputStream;
import java.io.OutputStream;

import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel data format {@code descartesMsgpack}: {@link ZmqMessage} to Descartes msgpack bytes and back. Unmarshal sets
 * header {@value DescartesHeaders#MESSAGE_TYPE} to the message tag so routes can dispatch with a simple header predicate.
 */
public class DescartesMsgpackDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    public static final String NAME = "descartesMsgpack";

    private volatile DescartesCodec codec = new DescartesCodec();

    @Override
    public String getDataFormatName() {
        return NAME;
    }

    public int getMaxSize() {
        return codec.maxSize();
    }

    /** Frame limit in bytes; bean property so a route or registry can configure it. */
    public void setMaxSize(int maxSize) {
        this.codec = new DescartesCodec(maxSize);
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        stream.write(encode(graph));
    }

    /** What {@link #marshal} writes: the message's msgpack frame. */
    public byte[] encode(Object graph) {
        return codec.encode(message(graph));
    }

    protected final DescartesCodec codec() {
        return codec;
    }

    protected final ZmqMessage message(Object graph) {
        return messageOf(getDataFormatName(), graph);
    }

    /** What data format {@code name} marshals: a {@link ZmqMessage}, anything else is a route's mistake. */
    static ZmqMessage messageOf(String name, Object graph) {
        if (!(graph instanceof ZmqMessage message)) {
            throw new IllegalArgumentException(name + " marshals a ZmqMessage, not "
                    + (graph == null ? "null" : graph.getClass().getName()));
        }
        return message;
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        return unmarshal(exchange, (Object) stream);
    }

    @Override
    public Object unmarshal(Exchange exchange, Object body) throws Exception {
        return decode(exchange, frame(exchange, body));
    }

    /** Decodes one msgpack message and sets {@value DescartesHeaders#MESSAGE_TYPE}. */
    protected final ZmqMessage decode(Exchange exchange, byte[] msgpack) {
        ZmqMessage message = codec.decode(msgpack);
        exchange.getMessage().setHeader(DescartesHeaders.MESSAGE_TYPE, message.type());
        return message;
    }

    protected static byte[] frame(Exchange exchange, Object body) throws Exception {
        return body instanceof byte[] bytes ? bytes
                : body instanceof InputStream in ? in.readAllBytes()
                : exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body);
    }
}
