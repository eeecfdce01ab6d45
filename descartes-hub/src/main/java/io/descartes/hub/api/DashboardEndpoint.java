package io.descartes.hub.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web dashboard: the page at {@code /} and its files at {@code /dashboard/*}, served from the
 * classpath folder {@code dashboard/} inside the jar (plain HTML, CSS and JavaScript modules, no build
 * step). The files are public (see {@code hub.security.open-paths}): they hold no data, and the page
 * gets everything it shows from the token-protected API and {@code /ws/events}.
 */
public final class DashboardEndpoint {

    private static final String ASSETS = "/dashboard/";
    private static final String WEB_ROOT = "dashboard";
    /**
     * The page keeps the bearer token in the browser: only its own scripts may run, and it may talk
     * to nothing but this hub, so an agent's output rendered on the page cannot take the token away.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // no day-long "immutable" caching: the files change with the hub, so a browser asks each time
    private final StaticHandler files = StaticHandler.create(WEB_ROOT).setIndexPage("index.html").setCachingEnabled(false);

    public void mount(Router router) {
        router.get("/").handler(this::secureHeaders).handler(files);
        router.get(ASSETS + "*").handler(this::secureHeaders).handler(files);
    }

    private void secureHeaders(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache");
        rc.next();
    }
}
