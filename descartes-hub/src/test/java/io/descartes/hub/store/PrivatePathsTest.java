package io.descartes.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the hub keeps is created private, and what an older version left open to others is narrowed. */
class PrivatePathsTest {

    @Test
    void createdPrivate(@TempDir Path dir) throws IOException {
        Path file = PrivatePaths.ownFile(dir.resolve("a/b/hub.db"));
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(dir.resolve("a/b")));
        assertEquals("rwx------", mode(dir.resolve("a")));
        assertEquals("rwx------", mode(PrivatePaths.ownFolder(dir.resolve("workspaces/x"))));
    }

    @Test
    void leftOpenByAnOlderVersionThenNarrowed(@TempDir Path dir) throws IOException {
        Path db = Files.writeString(dir.resolve("old.db"), "kept");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-rw-r--"));
        PrivatePaths.ownFile(db);
        assertEquals("rw-------", mode(db));
        assertEquals("kept", Files.readString(db));
        Path folder = Files.createDirectories(dir.resolve("workspaces"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivatePaths.ownFolder(folder);
        assertEquals("rwx------", mode(folder));
    }

    @Test
    void anExistingSharedParentIsLeftAsItIs(@TempDir Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivatePaths.ownFile(dir.resolve("hub.db"));
        assertEquals("rwxr-xr-x", mode(dir));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
