package io.descartes.hub.boot;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Where a hub or runner JVM reads its properties, and the typed reads every capability's wiring makes of them:
 * a missing or malformed value stops the start with the property's name (never its value's surroundings).
 */
public final class HubProperties {

    /** Where camel-main reads properties from, for the hub and for a runner; tests use the same list. */
    public static final String LOCATIONS =
            "classpath:application.properties;optional=true,file:application.properties;optional=true";

    private HubProperties() {
    }

    public static String property(PropertiesComponent props, String name) {
        return props.resolveProperty(name)
                .orElseThrow(() -> new IllegalStateException("property " + name + " is not set"));
    }

    public static int intProperty(PropertiesComponent props, String name) {
        return integer(props, name, Integer::parseInt);
    }

    public static long longProperty(PropertiesComponent props, String name) {
        return integer(props, name, Long::parseLong);
    }

    public static boolean booleanProperty(PropertiesComponent props, String name) {
        String value = property(props, name).trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalStateException("property " + name + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** An ISO-8601 duration, e.g. {@code P30D} or {@code PT12H}. */
    public static Duration durationProperty(PropertiesComponent props, String name) {
        String value = property(props, name);
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("property " + name + " must be an ISO-8601 duration such as P30D or PT12H, "
                    + "got '" + value + "'", e);
        }
    }

    /**
     * A property's value as it was configured, placeholders in it not resolved: Z85 keys hold "{{" or "}}" now and
     * then (about one key in a hundred), which Camel would take for a nested placeholder, mangling the key or failing
     * with the secret in its message. Start-up configuration runs on one thread, so the switch is not seen elsewhere.
     */
    public static Optional<String> literalProperty(PropertiesComponent props, String name) {
        var placeholders = (org.apache.camel.component.properties.PropertiesComponent) props;
        boolean nested = placeholders.isNestedPlaceholder();
        placeholders.setNestedPlaceholder(false);
        try {
            return props.resolveProperty(name);
        } finally {
            placeholders.setNestedPlaceholder(nested);
        }
    }

    private static <T> T integer(PropertiesComponent props, String name, Function<String, T> parse) {
        String value = property(props, name);
        try {
            return parse.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("property " + name + " must be an integer, got '" + value + "'", e);
        }
    }
}
