package io.descartes.hub.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.descartes.hub.agents.AgentBackends;
import io.descartes.hub.boot.DeclaredKeys;
import io.descartes.hub.boot.ReadyBanner;
import io.vertx.core.Vertx;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The hub process itself, configured first (camel-main finds it in the main class's package, ahead of the
 * capabilities listed in camel.main.configuration-classes): it refuses unknown settings and a taken HTTP port
 * before any capability starts work, and logs the ready line once all is up.
 */
public class HubConfiguration implements CamelConfiguration {

    @PropertyInject("hub.http.host")
    private String httpHost;
    @PropertyInject("hub.http.port")
    private int httpPort;

    /**
     * The one Vert.x instance: platform-http and vertx-websocket must share it to share the HTTP port
     * (two instances fail with "Address already in use").
     */
    @BindToRegistry("vertx")
    public Vertx vertx() {
        return Vertx.vertx();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        DeclaredKeys declared = DeclaredKeys.of(props, AgentBackends.PREFIX);
        declared.requireKnown(props, System.getProperties(), System.getenv());
        declared.requireDeclaredKinds(props);
        requireFreePort(httpHost, httpPort);
        context.addStartupListener(new RouteFileRemoval());
        context.addStartupListener(new ReadyBanner());
    }

    /**
     * platform-http-vertx only logs a WARN when its port is taken and Camel starts anyway, leaving a
     * hub without HTTP; refuse to start instead.
     */
    private static void requireFreePort(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("HTTP port " + host + ":" + port
                    + " is not available (" + e.getMessage() + "): set hub.http.port / hub.http.host", e);
        }
    }
}
