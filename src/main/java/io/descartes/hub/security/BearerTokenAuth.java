package io.descartes.hub.security;

import java.util.Set;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of the HTTP port's router: every request but the open paths needs
 * {@code Authorization: Bearer <token>}. One handler in front of everything covers the
 * platform-http routes, Camel's management endpoints (same router when they share the port) and
 * {@code /ws/events}. A WebSocket upgrade may carry the token as {@code ?access_token=} instead,
 * since browsers cannot set headers on a WebSocket; plain requests may not, to keep tokens out of
 * URLs and access logs.
 */
public final class BearerTokenAuth implements Handler<RoutingContext> {

    static final String UNAUTHORIZED = "{\"error\":\"unauthorized\",\"status\":401}";
    private static final String BEARER = "Bearer ";

    private final AccessToken token;
    private final Set<String> openPaths;

    public BearerTokenAuth(AccessToken token, Set<String> openPaths) {
        this.token = token;
        this.openPaths = Set.copyOf(openPaths);
    }

    /** Ahead of every route already there or added later. */
    public void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this);
    }

    @Override
    public void handle(RoutingContext rc) {
        if (openPaths.contains(rc.normalizedPath()) || token.matches(presented(rc.request()))) {
            rc.next();
            return;
        }
        rc.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(UNAUTHORIZED);
    }

    private static String presented(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            return header.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? header.substring(BEARER.length()) : null;
        }
        if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            return request.getParam("access_token");
        }
        return null;
    }
}
