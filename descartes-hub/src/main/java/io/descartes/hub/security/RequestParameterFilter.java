package io.descartes.hub.security;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * platform-http's header filter for every HTTP route: only the request's real headers become Camel
 * headers. By default Camel also turns query and form parameters into headers, which the HTTP binding
 * then writes back as response headers ({@code ?Location=http://evil}, {@code Set-Cookie=} in a form)
 * and which fail the response with a 500 when they hold CR, LF or NUL. Routes read their parameters from
 * the raw query ({@code CamelHttpRawQuery}) and their path parameters, which Camel sets apart from this filter.
 */
public final class RequestParameterFilter extends HttpHeaderFilterStrategy {

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return super.applyFilterToExternalHeaders(name, value, exchange) || !isRequestHeader(name, exchange);
    }

    /** Without the request at hand nothing is known to be a header: dropped. */
    private static boolean isRequestHeader(String name, Exchange exchange) {
        return exchange != null && exchange.getMessage() instanceof HttpMessage http
                && http.getRequest().headers().contains(name);
    }
}
