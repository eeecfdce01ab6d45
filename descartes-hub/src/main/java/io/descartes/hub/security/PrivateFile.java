package io.descartes.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.descartes.hub.store.PrivatePaths;

/**
 * A one-line credential file readable by its owner only (0600), created with a generated value on
 * first use. The file is created with its permissions in the same call, so it is never readable by
 * others, not even for a moment; an existing file that others can read is refused, like ssh does.
 */
final class PrivateFile {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateFile() {
    }

    /** The file's trimmed content; {@code what} names it in messages, which never carry the value. */
    static String readOrCreate(Path file, String what, Supplier<String> generator) throws IOException {
        if (!Files.exists(file)) {
            PrivatePaths.createFolders(file.toAbsolutePath().getParent());
            // another process that starts at once on the same file may win: then theirs is read
            if (PrivatePaths.publish(file, generator.get() + "\n")) {
                LOG.info("{}: generated a new one in {} (owner read/write only)", what, file.toAbsolutePath());
            }
        }
        requireOwnerOnly(file, what);
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (value.isEmpty()) {
            throw new IllegalStateException(what + ": " + file.toAbsolutePath() + " is empty");
        }
        LOG.info("{}: read from {}", what, file.toAbsolutePath());
        return value;
    }

    private static void requireOwnerOnly(Path file, String what) throws IOException {
        if (isPosix(file)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IllegalStateException(what + ": " + file.toAbsolutePath() + " is accessible by others ("
                        + PosixFilePermissions.toString(perms) + "): chmod 600 it");
            }
        }
    }

    private static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path.toAbsolutePath(), PosixFileAttributeView.class) != null;
    }
}
