package io.descartes.hub.protocol;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel data format {@code descartesJson}: a {@link ZmqMessage} as the hub's JSON view (README "JSON views", the form
 * of an event's content on /ws/events and the HTTP API), one line of UTF-8, and back. It is what a YAML route hands to
 * a broker, a webhook or a file; Jackson's own data format would write the records' Java field names instead.
 * Unmarshal takes the view or PROTOCOL §10's named form and sets {@value DescartesHeaders#MESSAGE_TYPE}.
 */
public final class DescartesJsonDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    public static final String NAME = "descartesJson";

    @Override
    public String getDataFormatName() {
        return NAME;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        ZmqMessage message = DescartesMsgpackDataFormat.messageOf(NAME, graph);
        stream.write(ProtocolJson.toJson(message).toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        ZmqMessage message = ProtocolJson.fromJson(ProtocolJson.MAPPER.readTree(stream));
        exchange.getMessage().setHeader(DescartesHeaders.MESSAGE_TYPE, message.type());
        return message;
    }
}
