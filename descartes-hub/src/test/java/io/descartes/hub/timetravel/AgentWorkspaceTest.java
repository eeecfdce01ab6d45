package io.descartes.hub.timetravel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git side of time travel on real repositories: what a commit, a backup and a checkout keep and leave. */
class AgentWorkspaceTest {

    @TempDir
    Path dir;

    @Test
    void commitAllTakesNewModifiedAndDeletedFilesAndLeavesTheTreeClean() throws Exception {
        AgentWorkspace ws = new AgentWorkspace(dir);
        ws.init();
        ws.init(); // idempotent
        write("keep.txt", "1");
        write("gone.txt", "2");
        ObjectId first = ws.commitAll("first", 7);
        write("keep.txt", "1, changed");
        Files.delete(dir.resolve("gone.txt"));
        write("deep/new.txt", "3");
        ObjectId second = ws.commitAll("second", 9);

        assertEquals(new FileChanges(List.of("gone.txt"), List.of("keep.txt"), List.of("deep/new.txt")), ws.diffTo(first));
        assertEquals(new FileChanges(List.of(), List.of(), List.of()), ws.diffTo(second));
        try (Git git = Git.open(dir.toFile())) {
            assertTrue(git.status().call().isClean());
        }
        RevCommit commit = ws.findCommit(second.name()).orElseThrow();
        assertEquals(Optional.of(9L), AgentWorkspace.eventIdOf(commit));
    }

    @Test
    void aBackupSavesUncommittedWorkWithoutMovingAnythingAndRestoreBringsItBack() throws Exception {
        AgentWorkspace ws = new AgentWorkspace(dir);
        ws.init();
        write(".gitignore", "cache/\n");
        write("a.txt", "committed");
        ObjectId head = ws.commitAll("base", 1);
        write("a.txt", "edited, not committed");
        write("untracked.txt", "new");
        write("cache/big.bin", "ignored");

        ObjectId backup = ws.backup(AgentWorkspace.BACKUP_REFS + "b1", "backup", 2);
        assertEquals(head, branch());
        assertEquals("edited, not committed", read("a.txt"));
        assertTrue(ws.isBackup(backup));

        ws.checkout(head);
        assertEquals("committed", read("a.txt"));
        assertFalse(Files.exists(dir.resolve("untracked.txt")), "untracked files are removed");
        assertEquals("ignored", read("cache/big.bin"), "ignored files are left alone");

        ws.restore(backup);
        assertEquals("edited, not committed", read("a.txt"));
        assertEquals("new", read("untracked.txt"));
        assertEquals(head, branch(), "the branch is where it was");
        try (Git git = Git.open(dir.toFile())) {
            assertTrue(git.status().call().getUntracked().contains("untracked.txt"), "restored work is uncommitted again");
        }
    }

    @Test
    void checkoutRestoresTheExecutableBit() throws Exception {
        AgentWorkspace ws = new AgentWorkspace(dir);
        ws.init();
        write("run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(dir.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ObjectId executable = ws.commitAll("x", 1);
        Files.setPosixFilePermissions(dir.resolve("run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of("run.sh"), ws.diffTo(executable).modified());
        ws.checkout(executable);
        assertTrue(Files.isExecutable(dir.resolve("run.sh")));
    }

    @Test
    void onlyCommitsInTheWorkspaceHistoryAreFound() throws Exception {
        AgentWorkspace ws = new AgentWorkspace(dir);
        ws.init();
        write("a.txt", "1");
        ObjectId base = ws.commitAll("base", 1);
        write("a.txt", "2");
        ObjectId abandoned = ws.commitAll("abandoned", 2);
        ws.checkout(base); // nothing refers to the abandoned commit any more

        assertTrue(ws.findCommit(base.name()).isPresent());
        assertTrue(ws.findCommit(abandoned.name()).isEmpty());
        assertTrue(ws.findCommit("0123456789abcdef0123456789abcdef01234567").isEmpty());
        assertTrue(ws.findCommit("not a revision ::").isEmpty());
        assertTrue(new AgentWorkspace(dir.resolve("none")).findCommit(base.name()).isEmpty());
    }

    private ObjectId branch() throws IOException {
        try (Git git = Git.open(dir.toFile())) {
            return git.getRepository().resolve("refs/heads/main");
        }
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private String read(String path) throws IOException {
        return Files.readString(dir.resolve(path));
    }
}
