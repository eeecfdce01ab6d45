package io.descartes.hub.agents;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One {@code model_backend}: the argv template of its process, how it gets its task, extra environment and
 * the variables a spawn may set, and whether its agents are on the message bus. Templates may use {java}, {classpath},
 * {workspace}, {agent_id} and {task}.
 */
public record AgentBackend(String name, List<String> argv, TaskInput taskInput, Map<String, String> environment,
                           AllowedVariables allowedEnvironment, BusBridge bus) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final Set<String> PLACEHOLDERS = Set.of("java", "classpath", "workspace", "agent_id", "task");

    public AgentBackend {
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("backend '" + name + "': argv is empty");
        }
        argv.forEach(a -> checkPlaceholders(name, a));
        environment.values().forEach(v -> checkPlaceholders(name, v));
        environment.keySet().stream().filter(k -> !AgentEnvironment.NAME.matcher(k).matches()).findFirst()
                .ifPresent(k -> {
                    throw new IllegalArgumentException("backend '" + name + "': env." + k + " is not a variable name");
                });
    }

    /** A backend that lets a spawn set no variable, off the bus. */
    public AgentBackend(String name, List<String> argv, TaskInput taskInput, Map<String, String> environment) {
        this(name, argv, taskInput, environment, AllowedVariables.NONE, BusBridge.NONE);
    }

    /** The argv list syntax of application.properties: items separated by commas, each trimmed. */
    public static List<String> parseArgv(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            items.add(item.trim());
        }
        return items.stream().allMatch(String::isEmpty) ? List.of() : List.copyOf(items);
    }

    /** The command line for one agent: placeholders replaced, never re-split or passed to a shell. */
    public List<String> command(UUID agentId, Path workspace, String task) {
        return argv.stream().map(a -> resolve(a, agentId, workspace, task)).toList();
    }

    public Map<String, String> environment(UUID agentId, Path workspace, String task) {
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((k, v) -> env.put(k, resolve(v, agentId, workspace, task)));
        return env;
    }

    /** Agents run in their workspace, so a hub started as {@code java -jar target/x.jar} must hand them absolute paths. */
    private static final String ABSOLUTE_CLASSPATH = Arrays.stream(
                    System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));

    private static String resolve(String template, UUID agentId, Path workspace, String task) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "java" -> Path.of(System.getProperty("java.home"), "bin", "java").toString();
                case "classpath" -> ABSOLUTE_CLASSPATH;
                case "workspace" -> workspace.toString();
                case "agent_id" -> agentId.toString();
                default -> task;
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static void checkPlaceholders(String backend, String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException("backend '" + backend + "': unknown placeholder {" + m.group(1)
                        + "} in '" + template + "' (known: " + String.join(", ", PLACEHOLDERS.stream().sorted().toList()) + ")");
            }
        }
    }
}
