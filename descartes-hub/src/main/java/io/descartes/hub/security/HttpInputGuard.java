package io.descartes.hub.security;

import java.util.Locale;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * A handler in front of every route of the HTTP port (behind the token check): every body the hub
 * takes is JSON, so a form body is refused with 415 before Camel parses it into parameters; a query
 * that does not decode, or whose names or values hold control characters (CR, LF, NUL, …), is a 400.
 */
public final class HttpInputGuard implements Handler<RoutingContext> {

    static final String FORM_REFUSED = "{\"error\":\"form bodies are not accepted: send JSON (Content-Type: application/json)\",\"status\":415}";
    static final String BAD_QUERY = "{\"error\":\"malformed query: parameters must be URL-encoded text without control characters\",\"status\":400}";

    @Override
    public void handle(RoutingContext rc) {
        if (isForm(rc.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuse(rc, 415, FORM_REFUSED);
        } else if (!isCleanQuery(rc)) {
            refuse(rc, 400, BAD_QUERY);
        } else {
            rc.next();
        }
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.trim().toLowerCase(Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }

    private static boolean isCleanQuery(RoutingContext rc) {
        MultiMap params;
        try {
            params = rc.queryParams();
        } catch (IllegalArgumentException malformed) { // e.g. a '%' not followed by two hex digits
            return false;
        }
        return params.entries().stream().noneMatch(e -> hasControl(e.getKey()) || hasControl(e.getValue()));
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static void refuse(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
