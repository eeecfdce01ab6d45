package io.descartes.hub.zmq;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** UP while the socket thread runs with its socket bound/connected, DOWN with the reason otherwise. */
public final class ZmqHealthCheck extends AbstractHealthCheck {

    private final ZmqSocketLoop loop;

    ZmqHealthCheck(String id, ZmqSocketLoop loop) {
        super("camel", id);
        this.loop = loop;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("socket", loop.getName());
        if (loop.isReady()) {
            builder.up();
        } else {
            builder.message(loop.getDownReason()).down();
        }
    }
}
