package io.descartes.hub.boot;

import java.util.ArrayList;
import java.util.List;

import io.descartes.hub.zmq.ZmqComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line once everything has started, with the addresses really bound: the HTTP server's and every bound
 * {@code zmq:} socket's (Camel's own endpoint summary says http://0.0.0.0:… whatever host the server took).
 * A supervisor or a person can wait for it: "descartes-hub ready: http://127.0.0.1:8080 zmq-commands tcp://…".
 */
public final class ReadyBanner implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyBanner.class);

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the routes are not all started yet; see onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        LOG.info("{}", line(context));
    }

    static String line(CamelContext context) {
        List<String> addresses = new ArrayList<>();
        VertxPlatformHttpServer http = context.hasService(VertxPlatformHttpServer.class);
        if (http != null) {
            String host = http.getHost().contains(":") ? "[" + http.getHost() + "]" : http.getHost();
            addresses.add("http://" + host + ":" + http.getServer().actualPort());
        }
        addresses.addAll(context.getComponent("zmq", ZmqComponent.class).boundSockets());
        return context.getName() + " ready: " + String.join(" ", addresses);
    }
}
