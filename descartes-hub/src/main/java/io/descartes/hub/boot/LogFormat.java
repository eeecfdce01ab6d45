package io.descartes.hub.boot;

import java.util.Set;

/**
 * The log line format that logback.xml takes from {@code descartes.log.format} or {@code DESCARTES_LOG_FORMAT}: text
 * or JSON lines. Checked before anything logs, since logback would take another value for an appender it does not
 * have and the JVM would run without a log line.
 */
public final class LogFormat {

    private static final Set<String> FORMATS = Set.of("text", "json");

    private LogFormat() {
    }

    /** Ends the JVM with code 1, on stderr (there is no log yet), when the format is not one logback.xml has. */
    public static void require(String name) {
        String format = System.getProperty("descartes.log.format",
                System.getenv().getOrDefault("DESCARTES_LOG_FORMAT", "text"));
        if (!FORMATS.contains(format)) {
            System.err.println(name + " failed to start: log format \"" + format
                    + "\" (descartes.log.format or DESCARTES_LOG_FORMAT) is not one of " + FORMATS);
            System.exit(1);
        }
    }
}
