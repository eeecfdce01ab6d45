package io.descartes.hub.boot;

import java.util.Optional;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Where a hub or runner JVM reads its properties, and the reads that {@code @PropertyInject} cannot make: a
 * section of keys resolved one by one, and a value taken literally.
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
}
