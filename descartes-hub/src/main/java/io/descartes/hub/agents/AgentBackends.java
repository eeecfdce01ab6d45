package io.descartes.hub.agents;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configured backends, read once at startup from {@code hub.agents.backends.<name>.argv},
 * {@code .task-input}, {@code .env.<VAR>}, {@code .allowed-environment} and {@code .bus}; a mistake stops the hub with the key that is wrong.
 */
public final class AgentBackends {

    public static final String PREFIX = "hub.agents.backends.";

    private final Map<String, AgentBackend> byName;

    public AgentBackends(Map<String, AgentBackend> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    public static AgentBackends fromProperties(Properties properties) {
        Map<String, Map<String, String>> keysByBackend = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                String rest = key.substring(PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot <= 0) {
                    throw new IllegalStateException("property " + key + ": expected " + PREFIX + "<backend>.<setting>");
                }
                keysByBackend.computeIfAbsent(rest.substring(0, dot), b -> new HashMap<>())
                        .put(rest.substring(dot + 1), properties.getProperty(key));
            }
        }
        Map<String, AgentBackend> backends = new HashMap<>();
        keysByBackend.forEach((name, settings) -> backends.put(name, backend(name, settings)));
        return new AgentBackends(backends);
    }

    private static AgentBackend backend(String name, Map<String, String> settings) {
        String where = PREFIX + name;
        Map<String, String> env = new HashMap<>();
        TaskInput input = TaskInput.STDIN;
        AllowedVariables allowed = AllowedVariables.NONE;
        BusBridge bus = BusBridge.NONE;
        String argv = null;
        for (Map.Entry<String, String> s : settings.entrySet()) {
            String key = s.getKey();
            if (key.equals("argv")) {
                argv = s.getValue();
            } else if (key.equals("task-input")) {
                try {
                    input = TaskInput.parse(s.getValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(where + ".task-input: " + e.getMessage(), e);
                }
            } else if (key.equals("allowed-environment")) {
                try {
                    allowed = AllowedVariables.parse(s.getValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(where + ".allowed-environment: " + e.getMessage(), e);
                }
            } else if (key.equals("bus")) {
                try {
                    bus = BusBridge.parse(s.getValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(where + ".bus: " + e.getMessage(), e);
                }
            } else if (key.startsWith("env.") && key.length() > 4) {
                env.put(key.substring(4), s.getValue());
            } else {
                throw new IllegalStateException(where + "." + key + ": unknown setting (argv, task-input, env.<VAR>, allowed-environment, bus)");
            }
        }
        if (argv == null) {
            throw new IllegalStateException(where + ".argv is not set");
        }
        try {
            return new AgentBackend(name, AgentBackend.parseArgv(argv), input, env, allowed, bus);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
    }

    /** The backend, or an invalid-request failure naming the ones there are. */
    public AgentBackend get(String name) {
        AgentBackend backend = byName.get(name);
        if (backend == null) {
            throw AgentFailure.invalid("Failed to spawn agent: unknown model_backend '" + name + "' (available: "
                    + String.join(", ", new TreeSet<>(byName.keySet())) + ")");
        }
        return backend;
    }
}
