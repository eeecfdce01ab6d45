package io.descartes.hub.security;

import static io.descartes.hub.boot.HubProperties.booleanProperty;
import static io.descartes.hub.boot.HubProperties.intProperty;
import static io.descartes.hub.boot.HubProperties.property;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import io.descartes.hub.http.JsonApi;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the security beans and puts the bearer-token check and the input guard in front of the HTTP
 * port's router; query and form parameters never become Camel headers ({@link RequestParameterFilter}).
 * Properties: {@code hub.security.*} in application.properties.
 */
public final class SecurityBeans {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityBeans.class);

    private SecurityBeans() {
    }

    public static void bind(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        DataSource ds = context.getRegistry().lookupByNameAndType("ds", DataSource.class);
        Clock clock = Clock.systemUTC();
        JsonApi api = new JsonApi(intProperty(props, "hub.security.max-json-body-bytes"));
        SecretVault vault = new SecretVault(ds, MasterKey.load(System.getenv(MasterKey.ENV),
                Path.of(property(props, "hub.security.master-key-file"))), clock);
        context.getRegistry().bind("secretVault", vault);
        context.getRegistry().bind("secretsApi", new SecretsHttpApi(vault, api,
                intProperty(props, "hub.security.secret-max-bytes"), booleanProperty(props, "hub.security.allow-reveal")));

        String host = property(props, "hub.http.host");
        AccessToken token = AccessToken.resolve(host, booleanProperty(props, "hub.security.auth-on-loopback"),
                props.resolveProperty("hub.security.token").orElse(""),
                Path.of(property(props, "hub.security.token-file")));
        context.getComponent("platform-http", PlatformHttpComponent.class)
                .setHeaderFilterStrategy(new RequestParameterFilter());
        List<Handler<RoutingContext>> front = new ArrayList<>();
        String description;
        if (token == null) {
            LOG.warn("HTTP auth is OFF (hub.security.auth-on-loopback=false on {}): any local process can use the API", host);
            description = "HTTP input checks";
        } else {
            Set<String> openPaths = csv(property(props, "hub.security.open-paths"));
            front.add(new BearerTokenAuth(token, openPaths));
            description = "HTTP bearer-token auth and input checks; open paths: " + openPaths;
        }
        front.add(new HttpInputGuard());
        installFirst(context, intProperty(props, "camel.server.port"), front, description);
    }

    /**
     * platform-http binds its router when its server starts, after the configuration classes ran. The
     * handler goes in as soon as the router exists: on "starting" if the server is already up, else on
     * "started", which is still before the context reports itself started.
     */
    private static void installFirst(CamelContext context, int port, List<Handler<RoutingContext>> handlers,
            String description) throws Exception {
        String name = VertxPlatformHttpRouter.getRouterNameFromPort(port);
        context.addStartupListener(new StartupListener() {
            private boolean installed;

            @Override
            public void onCamelContextStarting(CamelContext ctx, boolean alreadyStarted) {
                install(ctx, false);
            }

            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                install(ctx, true);
            }

            private void install(CamelContext ctx, boolean required) {
                if (installed) {
                    return;
                }
                Router router = VertxPlatformHttpRouter.lookup(ctx, name);
                if (router == null) {
                    if (required) {
                        throw new IllegalStateException("no platform-http router for port " + port
                                + ": the bearer-token and input checks need camel.server.enabled=true");
                    }
                    return;
                }
                for (int i = 0; i < handlers.size(); i++) {
                    router.route().order(Integer.MIN_VALUE + i).handler(handlers.get(i)); // ahead of every route
                }
                installed = true;
                LOG.info("{} on port {}", description, port);
            }
        });
    }

    static Set<String> csv(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
