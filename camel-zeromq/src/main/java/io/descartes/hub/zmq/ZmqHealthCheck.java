package io.descartes.hub.zmq;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** UP while the socket thread runs with its socket bound/connected, DOWN with the reason otherwise. */
public final class ZmqHealthCheck extends AbstractHealthCheck {

    private final Supplier<ZmqSocketLoop> socket;

    /** Id "zmq-&lt;role&gt;:&lt;type&gt;:&lt;address&gt;", e.g. zmq-consumer:router:tcp://127.0.0.1:5555. */
    ZmqHealthCheck(ZmqEndpoint endpoint, String role, Supplier<ZmqSocketLoop> socket) {
        super("camel", "zmq-" + role + ":" + endpoint.getSocketType().name().toLowerCase(Locale.ROOT) + ":"
                + endpoint.getAddress());
        this.socket = socket;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ZmqSocketLoop loop = socket.get();
        if (loop == null) {
            builder.message("socket closed").down();
        } else if (loop.isReady()) {
            builder.detail("socket", loop.getName()).up();
        } else {
            builder.detail("socket", loop.getName()).message(loop.getDownReason()).down();
        }
    }
}
