package io.descartes.hub.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ViewTimeTest {

    /** The form ViewTime promises, from the JDK's formatter: what the digit-by-digit writing must equal. */
    private static final DateTimeFormatter REFERENCE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z').toFormatter().withZone(ZoneOffset.UTC);

    @Test
    void writesRfc3339WithNineFractionDigits() {
        assertEquals("2026-12-02T00:53:38.790934727Z", ViewTime.format(Instant.parse("2026-12-02T00:53:38.790934727Z")));
        assertEquals("2026-12-02T00:53:38.000000001Z", ViewTime.of(new WireTime(1_796_172_818L, 1)));
        assertEquals("1970-01-01T00:00:00.000000000Z", ViewTime.ofEpochMilli(0));
        assertEquals("1969-12-31T23:59:59.999000000Z", ViewTime.ofEpochMilli(-1));
        assertNull(ViewTime.format(null));
    }

    @Test
    void equalsTheFormatterAcrossYearsAndAtTheirEdges() {
        long[] edges = {Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("9999-12-31T23:59:59Z").getEpochSecond(), Instant.parse("2000-02-29T12:00:00Z").getEpochSecond(),
            Instant.parse("1900-03-01T00:00:00Z").getEpochSecond(), Instant.parse("2100-02-28T23:59:59Z").getEpochSecond()};
        for (long s : edges) {
            same(Instant.ofEpochSecond(s, 0));
            same(Instant.ofEpochSecond(s, 999_999_999));
        }
        SplittableRandom random = new SplittableRandom(18);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            same(Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000)));
        }
    }

    @Test
    void yearsBeyondFourDigitsKeepTheFormattersSign() {
        same(Instant.parse("+10000-01-01T00:00:00Z"));
        same(Instant.parse("-0001-12-31T23:59:59.5Z"));
        same(Instant.parse("+999999999-12-31T23:59:59.999999999Z"));
    }

    private static void same(Instant instant) {
        assertEquals(REFERENCE.format(instant), ViewTime.format(instant), instant::toString);
    }
}
