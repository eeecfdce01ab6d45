package io.descartes.hub.boot;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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

    private final Map<String, String> declared;
    private final Set<String> keys;
    private final String openSection;

    private DeclaredKeys(Map<String, String> declared, String openSection) {
        this.declared = declared;
        this.keys = declared.keySet();
        this.openSection = openSection;
    }

    /** The hub.* keys in the property files at the component's locations, and any key under {@code openSection}. */
    public static DeclaredKeys of(PropertiesComponent props, String openSection) {
        Map<String, String> declared = new TreeMap<>();
        for (PropertiesSource source : props.getPropertiesSources()) {
            if (source instanceof LocationPropertiesSource && source instanceof LoadablePropertiesSource file) {
                Properties found = file.loadProperties(k -> k.startsWith(PREFIX));
                found.stringPropertyNames().forEach(k -> declared.put(k, found.getProperty(k)));
            }
        }
        if (declared.isEmpty()) {
            throw new IllegalStateException("no hub.* settings in " + props.getLocations()
                    + ": start in the folder that holds application.properties");
        }
        return new DeclaredKeys(declared, openSection);
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

    /**
     * Fails naming each setting whose value is not of its declared default's kind (an integer, true or false, an
     * ISO-8601 duration): the capabilities take them typed ({@code @PropertyInject int ...}), and Camel's conversion
     * error would quote the value without naming the key.
     */
    public void requireDeclaredKinds(PropertiesComponent props) {
        Set<String> wrong = new TreeSet<>();
        declared.forEach((key, declaredValue) -> {
            String kind = kind(declaredValue);
            String value = props.resolveProperty(key).orElse("").trim();
            if (kind != null && !value.isEmpty() && !kind.equals(kind(value))) {
                wrong.add(key + " must be " + kind + ", got '" + value + "'");
            }
        });
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("setting " + String.join("; ", wrong));
        }
    }

    private static String kind(String value) {
        String v = value.trim();
        if (v.matches("-?[0-9]+")) {
            return "an integer";
        }
        if (v.equals("true") || v.equals("false")) {
            return "true or false";
        }
        try {
            Duration.parse(v);
            return "an ISO-8601 duration such as P30D or PT12H";
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private boolean isDeclared(String key) {
        return keys.contains(key) || key.startsWith(openSection);
    }
}
