package io.descartes.hub.security;

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
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security beans ({@code secretVault}, {@code secretsApi}), and the bearer-token check and the input guard in
 * front of the HTTP port's router; query and form parameters never become Camel headers
 * ({@link RequestParameterFilter}). Properties: {@code hub.security.*} in application.properties.
 */
public class SecurityConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @PropertyInject("hub.security.max-json-body-bytes")
    private int maxJsonBodyBytes;
    @PropertyInject("hub.http.host")
    private String host;
    @PropertyInject("camel.server.port")
    private int port;
    @PropertyInject("hub.security.auth-on-loopback")
    private boolean authOnLoopback;
    @PropertyInject("hub.security.token")
    private String token;
    @PropertyInject("hub.security.token-file")
    private String tokenFile;
    @PropertyInject("hub.security.open-paths")
    private String openPaths;

    @BindToRegistry(value = "secretVault", lazy = true)
    public SecretVault secretVault(@BeanInject("ds") DataSource ds,
            @PropertyInject("hub.security.master-key-file") String masterKeyFile) throws Exception {
        return new SecretVault(ds, MasterKey.load(System.getenv(MasterKey.ENV), Path.of(masterKeyFile)), Clock.systemUTC());
    }

    @BindToRegistry(value = "secretsApi", lazy = true)
    public SecretsHttpApi secretsApi(@BeanInject("secretVault") SecretVault vault,
            @PropertyInject("hub.security.secret-max-bytes") int secretMaxBytes,
            @PropertyInject("hub.security.allow-reveal") boolean allowReveal) {
        return new SecretsHttpApi(vault, new JsonApi(maxJsonBodyBytes), secretMaxBytes, allowReveal);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        CamelContextHelper.mandatoryLookup(context, "secretVault", SecretVault.class); // a wrong master key stops the start
        AccessToken access = AccessToken.resolve(host, authOnLoopback, token, Path.of(tokenFile));
        context.getComponent("platform-http", PlatformHttpComponent.class)
                .setHeaderFilterStrategy(new RequestParameterFilter());
        List<Handler<RoutingContext>> front = new ArrayList<>();
        String description;
        if (access == null) {
            LOG.warn("HTTP auth is OFF (hub.security.auth-on-loopback=false on {}): any local process can use the API", host);
            description = "HTTP input checks";
        } else {
            Set<String> open = csv(openPaths);
            front.add(new BearerTokenAuth(access, open));
            description = "HTTP bearer-token auth and input checks; open paths: " + open;
        }
        front.add(new HttpInputGuard());
        installFirst(context, port, front, description);
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
