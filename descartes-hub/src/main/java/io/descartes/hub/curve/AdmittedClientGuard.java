package io.descartes.hub.curve;

import io.descartes.hub.zmq.ClientKeys;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of the hub's ZMQ routes: a connection outlives the handshake that admitted it, so each frame's
 * authenticated key ({@link ZmqConstants#USER_ID}) is checked again, and a revoked one is refused with an error
 * reply before anything is decoded or recorded. Bound only with CURVE on.
 */
public final class AdmittedClientGuard implements Processor {

    private final ClientKeys admitted;

    public AdmittedClientGuard(ClientKeys admitted) {
        this.admitted = admitted;
    }

    @Override
    public void process(Exchange exchange) {
        String key = exchange.getMessage().getHeader(ZmqConstants.USER_ID, String.class);
        if (key == null || !admitted.admits(key)) {
            throw new RefusedClientException();
        }
    }
}
