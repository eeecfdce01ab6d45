package io.descartes.hub.agents;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A backend's allow-list of the environment variables a spawn may set ({@code allowed-environment}): names, or
 * prefixes ending in {@code *}. An entry that would admit a loader or runtime hook ({@link #HOOKS}) is refused,
 * since such a variable runs code of the requester's choosing inside the agent's process; a backend that needs
 * one declares its value itself ({@code env.<VAR>}).
 */
public record AllowedVariables(List<String> entries) {

    private static final Pattern ENTRY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\*?");
    static final List<String> HOOKS = List.of("LD_*", "DYLD_*", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS", "NODE_OPTIONS", "PYTHONSTARTUP", "PYTHONPATH", "PERL5OPT", "PERL5LIB", "RUBYOPT",
            "BASH_ENV", "ENV", "GCONV_PATH", "MALLOC_*", "GLIBC_TUNABLES");

    public static final AllowedVariables NONE = new AllowedVariables(List.of());

    public AllowedVariables {
        entries = List.copyOf(entries);
        for (String entry : entries) {
            if (!ENTRY.matcher(entry).matches()) {
                throw new IllegalArgumentException("'" + entry + "' is neither a variable name nor a prefix ending in *");
            }
            for (String hook : HOOKS) {
                if (overlap(entry, hook)) {
                    throw new IllegalArgumentException("'" + entry + "' admits " + hook
                            + ", a loader or runtime hook: declare its value with env." + hook.replace("*", "<VAR>"));
                }
            }
        }
    }

    /** The comma-separated list of application.properties; blank is none. */
    public static AllowedVariables parse(String text) {
        return new AllowedVariables(AgentBackend.parseArgv(text));
    }

    public boolean admits(String name) {
        return entries.stream().anyMatch(e -> e.endsWith("*") ? name.startsWith(prefix(e)) : name.equals(e));
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "none" : String.join(", ", entries);
    }

    /** Whether some name matches both patterns. */
    private static boolean overlap(String a, String b) {
        boolean aPrefix = a.endsWith("*");
        boolean bPrefix = b.endsWith("*");
        if (aPrefix && bPrefix) {
            return prefix(a).startsWith(prefix(b)) || prefix(b).startsWith(prefix(a));
        }
        if (aPrefix || bPrefix) {
            return aPrefix ? b.startsWith(prefix(a)) : a.startsWith(prefix(b));
        }
        return a.equals(b);
    }

    private static String prefix(String entry) {
        return entry.substring(0, entry.length() - 1);
    }
}
