package io.descartes.hub.zmq;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/** Sends through the endpoint's shared producer socket; see {@link ZmqProducerSocket} for what each type does. */
public class ZmqProducer extends DefaultAsyncProducer {

    private ZmqProducerSocket socket;

    public ZmqProducer(ZmqEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public ZmqEndpoint getEndpoint() {
        return (ZmqEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        socket = getEndpoint().acquireProducerSocket();
    }

    @Override
    protected void doStop() throws Exception {
        if (socket != null) {
            getEndpoint().releaseProducerSocket();
            socket = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        return socket.process(exchange, callback);
    }
}
