package io.descartes.hub.agents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment of one agent process, built from nothing: the few variables of this JVM's environment that
 * programs need to run ({@link #INHERITED}), then what the backend declares, the spawn's own {@code environment}
 * as far as the backend's allow-list admits it, the secrets the spawn names, and the {@code DESCARTES_*}
 * variables, each later one winning. Never this JVM's environment wholesale: it holds the hub's credentials
 * ({@code HUB_SECURITY_TOKEN}, {@code DESCARTES_MASTER_KEY}) and loader hooks nobody asked the agent to get.
 * Failures name the variable, never a value: their texts are recorded, logged and sent back.
 */
final class AgentEnvironment {

    /** Taken from this JVM's environment when set: what a program expects to find, and no credential. */
    static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "LOGNAME");
    /** A portable name (POSIX's portable set): anything else has no place in a spawn's environment. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern NAME_START = Pattern.compile("^[A-Za-z0-9_]{0,64}");

    private final Map<String, String> variables = new LinkedHashMap<>();

    AgentEnvironment(Map<String, String> jvmEnvironment) {
        INHERITED.forEach(name -> {
            String value = jvmEnvironment.get(name);
            if (value != null) {
                variables.put(name, value);
            }
        });
    }

    AgentEnvironment put(Map<String, String> declared) {
        variables.putAll(declared);
        return this;
    }

    AgentEnvironment put(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** The spawn's environment: every name valid and on the backend's allow-list, or the spawn fails (400). */
    AgentEnvironment requested(AgentBackend backend, Map<String, String> requested) {
        for (String name : requested.keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw AgentFailure.invalid("Failed to spawn agent: environment variable name '" + nameStart(name)
                        + "…' is not valid (letters, digits and '_', not starting with a digit)");
            }
            if (!backend.allowedEnvironment().admits(name)) {
                throw AgentFailure.invalid("Failed to spawn agent: environment variable " + name
                        + " is not allowed for model_backend '" + backend.name() + "' (allowed: "
                        + backend.allowedEnvironment() + ")");
            }
        }
        return put(requested);
    }

    /** The variables, each checked as the OS needs it (the JDK's own check would quote the value). */
    private Map<String, String> variables() {
        variables.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw AgentFailure.invalid("Failed to spawn agent: environment variable name '" + nameStart(name)
                        + "…' is not valid");
            }
            if (value.indexOf('\0') >= 0) {
                throw AgentFailure.invalid("Failed to spawn agent: environment variable " + name
                        + " has a NUL character in its value");
            }
        });
        return variables;
    }

    /** Replaces the builder's environment (a copy of this JVM's) with these variables. */
    void applyTo(ProcessBuilder builder) {
        Map<String, String> checked = variables();
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(checked);
    }

    /** The harmless start of a bad name, so the error says which one without echoing what follows (a value?). */
    private static String nameStart(String name) {
        Matcher m = NAME_START.matcher(name);
        return m.find() ? m.group() : "";
    }
}
