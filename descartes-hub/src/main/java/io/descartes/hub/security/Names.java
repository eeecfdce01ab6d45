package io.descartes.hub.security;

import java.util.regex.Pattern;

import io.descartes.hub.http.ApiException;

/**
 * Strict patterns for names that come from clients and end up in SQL rows, URLs, events and an
 * agent's environment: no slashes (so no path traversal), no control characters, bounded length.
 * A refused name is never echoed back, since it may hold anything.
 */
public final class Names {

    /** Lease resources and holders: letters, digits and {@code . _ : -}, starting with a letter or digit. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** Secret names double as environment variable names. */
    public static final Pattern SECRET = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private Names() {
    }

    public static String require(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches() || value.contains("..")) {
            throw ApiException.badRequest("'" + field + "' must match " + pattern.pattern() + " and not contain '..'");
        }
        return value;
    }
}
