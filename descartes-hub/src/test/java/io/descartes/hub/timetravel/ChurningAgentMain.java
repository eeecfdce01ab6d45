package io.descartes.hub.timetravel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A stand-in agent that is as busy as it can be in its current directory (its workspace): in a loop,
 * it writes a new file, deletes the one written three steps before, rewrites a shared file, and makes
 * and removes whole directories, every write a plain truncate-and-write (no atomic rename). Every
 * file's content is {@link #content} of its name, so a reader can tell a whole file or a prefix of
 * one from garbage. Prints {@code churning} once the loop runs; stops when stdin closes.
 */
public final class ChurningAgentMain {

    private static volatile boolean stop;

    private ChurningAgentMain() {
    }

    /** What a file of this name holds once completely written: its name, over and over, about 8 KiB. */
    static String content(String name) {
        return (name + "\n").repeat(8192 / (name.length() + 1));
    }

    public static void main(String[] args) throws Exception {
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // drain: only the end of input matters
                }
            } catch (java.io.IOException e) {
                // closed: stop as well
            }
            stop = true;
        });
        stdin.setDaemon(true);
        stdin.start();
        for (long i = 0; !stop; i++) {
            write(Path.of("step-" + i + ".txt"));
            Files.deleteIfExists(Path.of("step-" + (i - 3) + ".txt"));
            write(Path.of("shared.txt"));
            if (i % 10 == 0) {
                write(Path.of("dir-" + i / 10, "nested", "deep.txt"));
                removeTree(Path.of("dir-" + (i / 10 - 2)));
            }
            if (i == 0) {
                System.out.println("churning");
                System.out.flush();
            }
        }
    }

    private static void write(Path file) throws Exception {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, content(file.getFileName().toString()), StandardCharsets.UTF_8);
    }

    private static void removeTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException e) {
                    // already gone
                }
            }
        }
    }
}
