package io.descartes.hub.bus;

import java.util.ArrayList;
import java.util.List;

import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.zmq.ZmqConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;

/**
 * Sends a delivery to the ZeroMQ connection that attached its recipient (bean {@code busZmqDelivery}): out of the
 * command endpoint's own socket, in the envelope the peer's frames came in, so a DEALER reads it between its replies.
 */
public final class BusZmqDelivery implements Processor {

    private final BusAddresses addresses;
    private final DescartesCodec codec;
    private final CamelContext context;
    private final String commandRouteId;

    public BusZmqDelivery(BusAddresses addresses, DescartesCodec codec, CamelContext context, String commandRouteId) {
        this.addresses = addresses;
        this.codec = codec;
        this.context = context;
        this.commandRouteId = commandRouteId;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String recipient = exchange.getMessage().getHeader(BusDispatcher.RECIPIENT, String.class);
        BusAddresses.Attachment attachment = addresses.get(recipient);
        if (attachment == null || attachment.routing() == null) {
            throw new IllegalStateException("bus address '" + recipient + "' has no ZeroMQ connection");
        }
        List<byte[]> frames = new ArrayList<>(attachment.routing());
        if (attachment.delimited()) {
            frames.add(new byte[0]);
        }
        frames.add(codec.encode(exchange.getMessage().getMandatoryBody(BusMessage.class)));
        Route route = context.getRoute(commandRouteId);
        if (route == null || !(route.getConsumer() instanceof ZmqConsumer consumer)) {
            throw new IllegalStateException("no ZeroMQ command endpoint route '" + commandRouteId + "' to deliver on");
        }
        consumer.send(frames);
    }
}
