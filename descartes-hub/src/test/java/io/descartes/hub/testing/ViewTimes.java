package io.descartes.hub.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON views' one form of a time (README "JSON views"): RFC 3339 in UTC with nine digits of nanoseconds. */
public final class ViewTimes {

    private static final Pattern FORM = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");

    private ViewTimes() {
    }

    /** Fails unless {@code node} is a time in that form; returns it. */
    public static Instant assertViewTime(JsonNode node) {
        assertTrue(node != null && node.isTextual() && FORM.matcher(node.textValue()).matches(), "not a view time: " + node);
        return Instant.parse(node.textValue());
    }
}
