package io.descartes.hub.boot;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.component.properties.LocationPropertiesSource;
import org.apache.camel.spi.LoadablePropertiesSource;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.util.IOHelper;

/**
 * The {@code hub.*} settings a JVM of this jar accepts: the keys declared in the application.properties files it
 * reads (where each is documented), plus the keys of an open section (the agent backends' {@code hub.agents.backends.}),
 * which its owner checks itself. Any other {@code hub.*} key given to it, as -D, as an environment variable
 * or as an override, is a typo (hub.agents.stop-grase-ms) that would otherwise be ignored without a word.
 */
public final class DeclaredKeys {

    private static final String PREFIX = "hub.";

    private final Set<String> keys;
    private final String openSection;

    private DeclaredKeys(Set<String> keys, String openSection) {
        this.keys = keys;
        this.openSection = openSection;
    }

    /** The hub.* keys in the property files at the component's locations, and any key under {@code openSection}. */
    public static DeclaredKeys of(PropertiesComponent props, String openSection) {
        Set<String> keys = new TreeSet<>();
        for (PropertiesSource source : props.getPropertiesSources()) {
            if (source instanceof LocationPropertiesSource && source instanceof LoadablePropertiesSource file) {
                keys.addAll(file.loadProperties(k -> k.startsWith(PREFIX)).stringPropertyNames());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no hub.* settings in " + props.getLocations()
                    + ": start in the folder that holds application.properties");
        }
        return new DeclaredKeys(keys, openSection);
    }

    /**
     * Fails naming each undeclared key: hub.* keys of the component (overrides included) and of the system
     * properties, and environment variables in a section of the declared keys (HUB_AGENTS_…, HUB_ZMQ_…), as
     * Camel maps them (upper case, dots and dashes as underscores). Other HUB_* variables may belong to other
     * programs (GitHub's hub reads HUB_VERBOSE), so they are left alone.
     */
    public void requireKnown(PropertiesComponent props, Properties system, Map<String, String> environment) {
        Set<String> unknown = new TreeSet<>();
        props.loadProperties(k -> k.startsWith(PREFIX)).stringPropertyNames().stream()
                .filter(k -> !isDeclared(k)).forEach(unknown::add);
        system.stringPropertyNames().stream()
                .filter(k -> k.startsWith(PREFIX) && !isDeclared(k)).forEach(unknown::add);
        Set<String> variables = keys.stream().map(IOHelper::normalizeEnvironmentVariable).collect(Collectors.toSet());
        Set<String> sections = keys.stream().filter(k -> k.indexOf('.', PREFIX.length()) > 0)
                .map(k -> IOHelper.normalizeEnvironmentVariable(k.substring(0, k.indexOf('.', PREFIX.length()) + 1)))
                .collect(Collectors.toSet());
        String backends = IOHelper.normalizeEnvironmentVariable(openSection);
        environment.keySet().stream()
                .filter(v -> sections.stream().anyMatch(v::startsWith))
                .filter(v -> !variables.contains(v) && !v.startsWith(backends))
                .forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("unknown setting " + String.join(", ", unknown)
                    + ": not declared in application.properties (misspelt?)");
        }
    }

    private boolean isDeclared(String key) {
        return keys.contains(key) || key.startsWith(openSection);
    }
}
