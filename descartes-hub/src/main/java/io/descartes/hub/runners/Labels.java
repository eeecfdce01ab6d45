package io.descartes.hub.runners;

import java.util.LinkedHashMap;
import java.util.Map;

/** Runner labels as a property value: {@code name=value,name=value} (blank = none). */
public final class Labels {

    private Labels() {
    }

    public static Map<String, String> parse(String property, String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("property " + property + ": '" + pair.trim() + "' is not name=value");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return labels;
    }
}
