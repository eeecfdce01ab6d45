package io.descartes.hub.timetravel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real OS process ({@link WorkspaceAgentMain} on this JVM's java and classpath) working in a workspace. */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;

    AgentProcess(Path workspace) throws IOException {
        process = start(WorkspaceAgentMain.class, workspace);
        commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs {@code main} on this JVM's java and classpath with the workspace as working directory. */
    static Process start(Class<?> main, Path workspace) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName())
                .directory(workspace.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    void write(String path, String text) throws IOException {
        run("write " + path + " " + text);
    }

    void delete(String path) throws IOException {
        run("delete " + path);
    }

    private void run(String command) throws IOException {
        commands.println(command);
        String answer = answers.readLine();
        if (!"done".equals(answer)) {
            throw new AssertionError("agent process did not do '" + command + "' (answered " + answer + ")");
        }
    }

    @Override
    public void close() throws InterruptedException {
        commands.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
