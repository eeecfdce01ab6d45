package io.descartes.hub.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's data (database, workspaces, agent-process records, credentials) belongs to the hub's user
 * alone: folders 0700, files 0600. Java cannot set the process umask, so each is created with its
 * permissions in the same call; one that others can already open is narrowed, with a warning. On a file
 * system without POSIX permissions nothing can be said, and a warning asks to restrict them by hand.
 */
public final class PrivatePaths {

    private static final Logger LOG = LoggerFactory.getLogger(PrivatePaths.class);
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivatePaths() {
    }

    /**
     * Creates the folder and its missing parents, each 0700. An existing one is left as it is: it may be
     * shared (the folder of a database configured as /srv/hub.db); what the hub puts in it is private.
     */
    public static Path createFolders(Path dir) throws IOException {
        if (!POSIX) {
            LOG.warn("{}: no POSIX permissions on this file system: make it private to the hub's user by hand",
                    dir.toAbsolutePath());
            return Files.createDirectories(dir);
        }
        return Files.createDirectories(dir, owner(FOLDER));
    }

    /** A folder the hub alone uses (workspaces, process records, one agent's workspace): created or narrowed to 0700. */
    public static Path ownFolder(Path dir) throws IOException {
        createFolders(dir);
        narrow(dir);
        return dir;
    }

    /** A file the hub alone uses (its database): created empty with 0600 when absent, else narrowed to 0600. */
    public static Path ownFile(Path file) throws IOException {
        createFolders(file.toAbsolutePath().getParent());
        if (Files.notExists(file)) {
            try {
                return POSIX ? Files.createFile(file, owner(FILE)) : Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile by another process: narrowed below like any existing file
            }
        }
        narrow(file);
        return file;
    }

    /**
     * Writes a file the hub alone uses whole or not at all: aside (0600), then linked into place, which fails if it
     * exists. Two processes starting at once on one folder agree: false for the one that loses, which reads the
     * winner's, and no reader ever sees a partial file.
     */
    public static boolean publish(Path target, String content) throws IOException {
        Path aside = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            ownFile(aside);
            Files.writeString(aside, content, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(aside, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.createLink(target, aside);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /** Whether others than the owner may do anything with it (false where permissions are unknown). */
    public static boolean isOpenToOthers(Path path) throws IOException {
        return POSIX && Files.getPosixFilePermissions(path).stream().anyMatch(OTHERS::contains);
    }

    private static void narrow(Path path) throws IOException {
        if (isOpenToOthers(path)) {
            Set<PosixFilePermission> before = Files.getPosixFilePermissions(path);
            Set<PosixFilePermission> after = EnumSet.copyOf(before);
            after.removeAll(OTHERS);
            Files.setPosixFilePermissions(path, after);
            LOG.warn("{} was open to other users ({}): now {}", path.toAbsolutePath(),
                    PosixFilePermissions.toString(before), PosixFilePermissions.toString(after));
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> owner(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
