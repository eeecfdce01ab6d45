package io.descartes.hub.zmq;

import org.apache.camel.RuntimeCamelException;

/** A send could not be queued within sendTimeout: the socket's peer is too slow or absent. */
public class ZmqSendTimeoutException extends RuntimeCamelException {

    public ZmqSendTimeoutException(String message) {
        super(message);
    }
}
