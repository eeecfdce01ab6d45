package io.descartes.hub.agents.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code demo} backend: an agent that does visible work over time with no model behind it.
 * Its task is text with optional {@code key=value} words: {@code steps} (default 10), {@code step-ms}
 * (default 500) and {@code exit} (exit code, default 0); environment variables DEMO_STEPS,
 * DEMO_STEP_MS and DEMO_EXIT give the defaults. Each step prints progress on stdout (every third
 * step a note on stderr), writes a file in the workspace (its working directory), rewrites
 * progress.txt and deletes an older file; every further stdin line is echoed. The task comes from
 * DESCARTES_TASK or else the first stdin line.
 */
public final class DemoAgent {

    private DemoAgent() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String task = System.getenv("DESCARTES_TASK");
        if (task == null) {
            task = stdin.readLine();
        }
        task = task == null ? "" : task;
        Map<String, String> settings = settings(task);
        int steps = Integer.parseInt(settings.get("steps"));
        long stepMillis = Long.parseLong(settings.get("step-ms"));
        int exitCode = Integer.parseInt(settings.get("exit"));
        echo(stdin);

        Path workspace = Path.of("");
        System.out.println("demo agent starting: " + task);
        for (int i = 1; i <= steps; i++) {
            System.out.println("step " + i + "/" + steps + ": working on " + task);
            if (i % 3 == 0) {
                System.err.println("note: step " + i + " is a multiple of 3");
            }
            Files.writeString(workspace.resolve("step-" + i + ".txt"), "output of step " + i + "\n");
            Files.writeString(workspace.resolve("progress.txt"), i + "/" + steps + "\n");
            Files.deleteIfExists(workspace.resolve("step-" + (i - 2) + ".txt"));
            Thread.sleep(stepMillis);
        }
        Files.writeString(workspace.resolve("result.txt"), "done: " + task + "\n");
        System.out.println("demo agent done, exit code " + exitCode);
        System.out.flush();
        System.exit(exitCode);
    }

    private static Map<String, String> settings(String task) {
        Map<String, String> settings = new HashMap<>();
        settings.put("steps", env("DEMO_STEPS", "10"));
        settings.put("step-ms", env("DEMO_STEP_MS", "500"));
        settings.put("exit", env("DEMO_EXIT", "0"));
        for (String word : task.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0 && settings.containsKey(word.substring(0, eq))) {
                settings.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return settings;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** Shows what write_stdin sends while the agent works. */
    private static void echo(BufferedReader stdin) {
        Thread echo = new Thread(() -> {
            try {
                for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
                    System.out.println("stdin: " + line);
                }
            } catch (IOException e) {
                System.err.println("stdin closed: " + e.getMessage());
            }
        }, "stdin-echo");
        echo.setDaemon(true);
        echo.start();
    }
}
