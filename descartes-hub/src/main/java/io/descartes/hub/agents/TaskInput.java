package io.descartes.hub.agents;

import java.util.Arrays;
import java.util.Locale;

/** How the task text reaches an agent process (never through a shell). */
public enum TaskInput {
    /** the task and a newline on stdin, which stays open for write_stdin */
    STDIN,
    /** the task on stdin, then end of input: for tools that read stdin to the end */
    STDIN_EOF,
    /** the task in the environment variable DESCARTES_TASK */
    ENV,
    /** only where the argv template says {task} */
    NONE;

    public static TaskInput parse(String text) {
        String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(v -> v.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("task-input must be one of stdin, stdin-eof, env, none; got '"
                        + text + "'"));
    }
}
