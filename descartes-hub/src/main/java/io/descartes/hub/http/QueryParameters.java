package io.descartes.hub.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of one request, checked against the names its endpoint accepts: an unknown,
 * repeated, empty or malformed parameter is a 400, so a typo ({@code agentId=}) never silently
 * widens a query to every event.
 */
public final class QueryParameters {

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /** @param rawQuery the undecoded query string, null or empty for none */
    public static QueryParameters parse(String rawQuery, Set<String> accepted) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!accepted.contains(name)) {
                    throw ApiException.badRequest("unknown parameter '" + name + "'; accepted: " + String.join(", ", new TreeSet<>(accepted)));
                }
                if (value.isEmpty()) {
                    throw ApiException.badRequest("parameter '" + name + "' is empty");
                }
                if (values.put(name, value) != null) {
                    throw ApiException.badRequest("parameter '" + name + "' is given more than once");
                }
            }
        }
        return new QueryParameters(values);
    }

    /** The value, or null when absent. */
    public String text(String name) {
        return values.get(name);
    }

    /** An id cursor: events with a greater id follow; 0 when absent. */
    public long cursor(String name) {
        String value = values.get(name);
        return value == null ? 0 : nonNegative(name, value);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int limit(String name, int defaultLimit, int maxLimit) {
        String value = values.get(name);
        if (value == null) {
            return defaultLimit;
        }
        long limit = nonNegative(name, value);
        if (limit < 1 || limit > maxLimit) {
            throw ApiException.badRequest("parameter '" + name + "' must be between 1 and " + maxLimit + ", got " + value);
        }
        return (int) limit;
    }

    public static long nonNegative(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the name
        }
        throw ApiException.badRequest("parameter '" + name + "' must be a non-negative integer, got '" + value + "'");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed query string: " + e.getMessage());
        }
    }
}
