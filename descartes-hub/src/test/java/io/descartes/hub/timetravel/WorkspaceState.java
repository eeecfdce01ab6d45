package io.descartes.hub.timetravel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;

/**
 * What the time-travel tests compare of an agent's workspace: its files and its git refs. A class of its own, not
 * TimeTravelTest's: reading through that class would run its static set-up, which empties its database and
 * workspaces, under it while it runs in another test JVM.
 */
final class WorkspaceState {

    private WorkspaceState() {
    }

    /** The workspace's files outside .git, by relative path. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (Files.isRegularFile(p) && !rel.startsWith(".git/")) {
                    files.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }

    /** The workspace repository's refs and the commits they name. */
    static Map<String, String> refs(Path root) throws IOException {
        Map<String, String> refs = new TreeMap<>();
        try (Git git = Git.open(root.toFile())) {
            for (Ref ref : git.getRepository().getRefDatabase().getRefs()) {
                refs.put(ref.getName(), ref.getObjectId() == null ? null : ref.getObjectId().name());
            }
        }
        return refs;
    }
}
