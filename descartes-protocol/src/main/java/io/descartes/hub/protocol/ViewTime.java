package io.descartes.hub.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * The one form of a time in the hub's JSON views (HTTP API, WebSocket, dashboard; never on the wire):
 * RFC 3339 in UTC with all nine digits of nanoseconds, e.g. {@code 2026-12-02T00:45:58.123456789Z},
 * so that views sort as text and a reader needs no guess about the unit.
 */
public final class ViewTime {

    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private ViewTime() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : RFC_3339.format(instant);
    }

    public static String ofEpochSecond(long seconds, long nanos) {
        return format(Instant.ofEpochSecond(seconds, nanos));
    }

    public static String ofEpochMilli(long millis) {
        return format(Instant.ofEpochMilli(millis));
    }

    /** A time in this form (any number of fraction digits, or an offset instead of Z, also reads). */
    public static Instant parse(String text) {
        return Instant.parse(text);
    }

    public static String of(WireTime time) {
        return time == null ? null : ofEpochSecond(time.secs(), time.nanos());
    }
}
