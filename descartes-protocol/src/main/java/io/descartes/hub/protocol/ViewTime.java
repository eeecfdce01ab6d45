package io.descartes.hub.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
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

    /**
     * Written digit by digit for years 0 to 9999 (twice per recorded event, where the formatter cost a microsecond
     * each); other years, rare and signed, through the formatter.
     */
    public static String format(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return RFC_3339.format(instant);
        }
        byte[] text = new byte[30]; // uuuu-MM-ddTHH:mm:ss.nnnnnnnnnZ
        digits(text, 0, 4, t.getYear());
        text[4] = '-';
        digits(text, 5, 2, t.getMonthValue());
        text[7] = '-';
        digits(text, 8, 2, t.getDayOfMonth());
        text[10] = 'T';
        digits(text, 11, 2, t.getHour());
        text[13] = ':';
        digits(text, 14, 2, t.getMinute());
        text[16] = ':';
        digits(text, 17, 2, t.getSecond());
        text[19] = '.';
        digits(text, 20, 9, t.getNano());
        text[29] = 'Z';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(byte[] text, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
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
