package io.descartes.hub.security;

import java.util.List;
import java.util.Set;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of the HTTP port's router: every request but the open paths needs
 * {@code Authorization: Bearer <token>}. One handler in front of everything covers the
 * platform-http routes, Camel's management endpoints (same router when they share the port) and
 * the WebSocket streams. A {@code /ws/...} upgrade (the event stream, the bus's channels) may carry the token as {@code ?access_token=}
 * instead, since browsers cannot set headers on a WebSocket; no other request may, upgrade or not, to
 * keep tokens out of URLs and access logs. An open path ending in {@code /*} opens everything under it (the dashboard's
 * static files); the rest are exact paths.
 */
public final class BearerTokenAuth implements Handler<RoutingContext> {

    static final String UNAUTHORIZED = "{\"error\":\"unauthorized\",\"status\":401}";
    private static final String BEARER = "Bearer ";
    private static final String ANY_BELOW = "/*";
    /** The paths taking {@code ?access_token=}: the WebSocket streams, of events and of the bus's channels and topics. */
    private static final String QUERY_TOKEN_PATH = "/ws/events";
    private static final String QUERY_TOKEN_PATHS_BELOW = "/ws/bus/";

    private final AccessToken token;
    private final Set<String> openPaths;
    private final List<String> openPrefixes;

    public BearerTokenAuth(AccessToken token, Set<String> openPaths) {
        this.token = token;
        this.openPaths = Set.copyOf(openPaths);
        // "/dashboard/*" opens "/dashboard/..." but not "/dashboard-x"
        this.openPrefixes = openPaths.stream().filter(p -> p.endsWith(ANY_BELOW))
                .map(p -> p.substring(0, p.length() - 1)).toList();
    }

    @Override
    public void handle(RoutingContext rc) {
        if (isOpen(rc.normalizedPath()) || token.matches(presented(rc))) {
            // checked once here: past this point no Camel header, log line or forwarded call can hold the token
            rc.request().headers().remove(HttpHeaders.AUTHORIZATION);
            rc.next();
            return;
        }
        rc.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(UNAUTHORIZED);
    }

    /** The normalized path: dot segments are resolved before the check, so /dashboard/../api is /api. */
    private boolean isOpen(String path) {
        return openPaths.contains(path) || openPrefixes.stream().anyMatch(path::startsWith);
    }

    private static String presented(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            return header.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? header.substring(BEARER.length()) : null;
        }
        String path = rc.normalizedPath();
        if ((QUERY_TOKEN_PATH.equals(path) || path.startsWith(QUERY_TOKEN_PATHS_BELOW))
                && "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            return request.getParam("access_token");
        }
        return null;
    }
}
