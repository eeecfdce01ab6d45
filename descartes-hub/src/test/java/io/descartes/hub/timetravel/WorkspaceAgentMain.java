package io.descartes.hub.timetravel;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in agent process: works in its current directory (its workspace) as told on stdin, one
 * command a line ({@code write <path> <text>}, {@code delete <path>}), and answers {@code done} on
 * stdout when the change is on disk. Run by {@link AgentProcess}.
 */
public final class WorkspaceAgentMain {

    private WorkspaceAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] parts = line.split(" ", 3);
            Path path = Path.of(parts[1]);
            if (parts[0].equals("write")) {
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                Files.writeString(path, parts[2].replace("\\n", "\n"));
            } else {
                Files.delete(path);
            }
            System.out.println("done");
            System.out.flush();
        }
    }
}
