package io.descartes.hub.timetravel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import io.descartes.hub.store.PrivatePaths;

/**
 * An agent's workspace (its "body") as a git repository. Every commit the hub writes records the
 * whole work tree as it is on disk (new, modified and deleted files; .gitignore'd files are left
 * alone everywhere) and carries the id of the last event applied as the footer
 * {@value #EVENT_FOOTER}, so a commit alone says which point of the event log it belongs to.
 * Not thread-safe: callers serialise operations per agent ({@link WorkspaceRoot#lock}). Other processes
 * are seen by their lock files: an operation that would write while one is held fails with
 * {@link WorkspaceBusy} before it changes anything.
 */
public final class AgentWorkspace {

    static final String EVENT_FOOTER = "Descartes-Event-Id";
    static final String BACKUP_REFS = "refs/descartes/backups/";
    /** Files up to this size are read into memory for their snapshot; larger ones are copied aside first. */
    private static final long IN_MEMORY_BLOB_BYTES = 16 << 20;
    private static final PersonIdent HUB = new PersonIdent("descartes-hub", "hub@descartes.invalid");
    /** What git itself locks while it writes the index, HEAD or a branch (any name under refs/heads). */
    private static final List<String> GIT_LOCKS = List.of("index.lock", "HEAD.lock");

    private final Path dir;

    public AgentWorkspace(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Whether the agent has a workspace at all (agents without one get no snapshots). */
    public boolean exists() {
        return Files.isDirectory(dir);
    }

    /** Creates the directory and its repository; a no-op on an existing repository. */
    public void init() throws IOException, GitAPIException {
        PrivatePaths.createFolders(dir);
        if (!Files.isDirectory(dir.resolve(Constants.DOT_GIT))) {
            Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call().close();
        }
    }

    /** Commits the whole work tree on the current branch; the index follows, so {@code git status} is clean. */
    public ObjectId commitAll(String message, long lastEventId) throws IOException, GitAPIException {
        init();
        try (Git git = open()) {
            requireNoGitLock(git.getRepository());
            ObjectId commit = commitWorkTree(git.getRepository(), Constants.HEAD, message, lastEventId);
            git.reset().setMode(ResetType.MIXED).call();
            return commit;
        } catch (JGitInternalException e) {
            throw busyOr(e);
        }
    }

    /**
     * Saves the work tree as it is, uncommitted changes included, as a commit whose parent is HEAD
     * under a new ref (a name under {@value #BACKUP_REFS}); neither HEAD, the branch nor the work tree move.
     */
    public ObjectId backup(String ref, String message, long lastEventId) throws IOException {
        try (Repository repo = repository()) {
            requireNoGitLock(repo);
            return commitWorkTree(repo, ref, message, lastEventId);
        }
    }

    /** Moves the branch to {@code commit} and makes the work tree exactly its tree (untracked files removed). */
    public void checkout(ObjectId commit) throws GitAPIException, IOException {
        try (Git git = open()) {
            requireNoGitLock(git.getRepository());
            git.reset().setMode(ResetType.HARD).setRef(commit.name()).call();
            git.clean().setCleanDirectories(true).setForce(true).call();
        } catch (JGitInternalException e) {
            throw busyOr(e);
        }
    }

    /**
     * Puts back what {@link #backup} saved: the work tree exactly as it was and the branch at the
     * commit it had then (the backup's parent), the saved changes uncommitted again.
     */
    public void restore(ObjectId backup) throws GitAPIException, IOException {
        checkout(backup);
        try (Git git = open(); RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit commit = walk.parseCommit(backup);
            if (commit.getParentCount() > 0) {
                git.reset().setMode(ResetType.MIXED).setRef(commit.getParent(0).name()).call();
            }
        } catch (JGitInternalException e) {
            throw busyOr(e);
        }
    }

    /** Whether a backup ref points at this commit. */
    public boolean isBackup(ObjectId commit) throws IOException {
        try (Repository repo = repository()) {
            return repo.getRefDatabase().getRefsByPrefix(BACKUP_REFS).stream()
                    .anyMatch(ref -> commit.equals(ref.getObjectId()));
        }
    }

    /**
     * Resolves a commit hash or ref name, but only if it is in this workspace's history (reachable
     * from a branch, a backup ref or HEAD); empty otherwise.
     */
    public Optional<RevCommit> findCommit(String revision) throws IOException {
        if (!Files.isDirectory(dir.resolve(Constants.DOT_GIT))) {
            return Optional.empty();
        }
        try (Repository repo = repository(); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(revision);
            if (id == null) {
                return Optional.empty();
            }
            RevCommit commit = walk.parseCommit(id);
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                RevObject tip = ref.getObjectId() == null ? null : walk.peel(walk.parseAny(ref.getObjectId()));
                if (tip instanceof RevCommit tipCommit && walk.isMergedInto(commit, tipCommit)) {
                    walk.parseBody(commit);
                    return Optional.of(commit);
                }
            }
            return Optional.empty();
        } catch (MissingObjectException | IncorrectObjectTypeException | AmbiguousObjectException
                 | RevisionSyntaxException e) {
            // unknown, not a commit, an ambiguous abbreviation, or not a revision at all
            return Optional.empty();
        }
    }

    /** The event id a commit written by the hub carries, or empty for a foreign commit. */
    public static Optional<Long> eventIdOf(RevCommit commit) {
        return commit.getFooterLines(EVENT_FOOTER).stream().map(String::trim).filter(v -> v.matches("\\d{1,18}"))
                .findFirst().map(Long::parseLong);
    }

    /** What checking out {@code target} would do to the work tree as it is now. */
    public FileChanges diffTo(ObjectId target) throws IOException {
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        try (Repository repo = repository(); ObjectReader reader = repo.newObjectReader();
             RevWalk walk = new RevWalk(reader); TreeWalk tw = new TreeWalk(repo, reader)) {
            tw.addTree(new CanonicalTreeParser(null, reader, walk.parseCommit(target).getTree()));
            tw.addTree(new FileTreeIterator(repo));
            tw.setRecursive(true);
            while (tw.next()) {
                WorkingTreeIterator file = tw.getTree(1, WorkingTreeIterator.class);
                boolean inTarget = tw.getRawMode(0) != 0;
                boolean onDisk = file != null && !isSkipped(file);
                if (inTarget && !onDisk) {
                    added.add(tw.getPathString());
                } else if (!inTarget && onDisk) {
                    deleted.add(tw.getPathString());
                } else if (inTarget && (!tw.getObjectId(0).equals(file.getEntryObjectId())
                        || tw.getRawMode(0) != file.getEntryRawMode())) {
                    modified.add(tw.getPathString());
                }
            }
        }
        return new FileChanges(added, modified, deleted);
    }

    private Git open() throws IOException {
        return new Git(repository());
    }

    private Repository repository() throws IOException {
        return new FileRepositoryBuilder().setGitDir(dir.resolve(Constants.DOT_GIT).toFile())
                .setWorkTree(dir.toFile()).setMustExist(true).build();
    }

    /**
     * Fails while another git process holds the index, HEAD or the current branch: checked before a
     * write so that a busy workspace is refused whole rather than changed half-way.
     */
    private static void requireNoGitLock(Repository repo) throws IOException {
        List<Path> locks = new ArrayList<>();
        GIT_LOCKS.forEach(name -> locks.add(repo.getDirectory().toPath().resolve(name)));
        Ref head = repo.exactRef(Constants.HEAD);
        if (head != null && head.isSymbolic()) {
            locks.add(repo.getDirectory().toPath().resolve(head.getTarget().getName() + ".lock"));
        }
        for (Path lock : locks) {
            if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
                throw new WorkspaceBusy("another git process holds " + repo.getDirectory().toPath().relativize(lock)
                        + " in " + repo.getWorkTree() + ": retry when it is done", null);
            }
        }
    }

    /**
     * JGit reports a lock taken by another process after {@link #requireNoGitLock} passed as an internal
     * error, caused by {@link LockFailedException} for the index and by nothing for a ref.
     */
    private IOException busyOr(JGitInternalException e) {
        if (e.getCause() instanceof LockFailedException || e.getMessage() != null && e.getMessage().startsWith("Cannot lock")) {
            return new WorkspaceBusy(e.getMessage() + " (" + dir + "): another git process is using the workspace", e);
        }
        throw e;
    }

    /** Writes the work tree as a tree object, commits it with HEAD as parent, and points {@code refName} at it. */
    private static ObjectId commitWorkTree(Repository repo, String refName, String message, long lastEventId)
            throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId tree = writeWorkTree(repo, inserter);
            ObjectId head = repo.resolve(Constants.HEAD);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (head != null) {
                commit.setParentId(head);
            }
            PersonIdent now = new PersonIdent(HUB, Instant.now());
            commit.setAuthor(now);
            commit.setCommitter(now);
            commit.setMessage(message + "\n\n" + EVENT_FOOTER + ": " + lastEventId + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef(refName);
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(refName.equals(Constants.HEAD) && head != null ? head : ObjectId.zeroId());
            update.setRefLogMessage("descartes-hub: " + message, false);
            RefUpdate.Result result = update.update();
            if (result == RefUpdate.Result.LOCK_FAILURE) {
                throw new WorkspaceBusy("another process holds the lock on " + refName + " in " + repo.getDirectory(), null);
            }
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("could not move " + refName + " to " + id.name() + ": " + result);
            }
            return id;
        }
    }

    private static ObjectId writeWorkTree(Repository repo, ObjectInserter inserter) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(new FileTreeIterator(repo));
            tw.setRecursive(true);
            while (tw.next()) {
                WorkingTreeIterator file = tw.getTree(0, WorkingTreeIterator.class);
                if (isSkipped(file)) {
                    continue;
                }
                Optional<ObjectId> blob = insertBlob(repo, inserter, repo.getWorkTree().toPath().resolve(tw.getPathString()),
                        file.getEntryFileMode());
                if (blob.isEmpty()) {
                    continue;
                }
                DirCacheEntry entry = new DirCacheEntry(tw.getPathString());
                entry.setFileMode(file.getEntryFileMode());
                entry.setObjectId(blob.get());
                builder.add(entry);
            }
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    /**
     * Stores the file's content as it is now, read in one go (or copied first, if large), so the
     * blob is one whole read of the file even while the agent rewrites it: the walk's length and a
     * stream read later could disagree. Empty when the file has vanished, or stopped being a file,
     * since the walk listed it: it is then not part of the tree this commit records.
     */
    private static Optional<ObjectId> insertBlob(Repository repo, ObjectInserter inserter, Path file, FileMode mode)
            throws IOException {
        try {
            if (mode == FileMode.SYMLINK) {
                return Optional.of(inserter.insert(Constants.OBJ_BLOB,
                        Constants.encode(Files.readSymbolicLink(file).toString())));
            }
            if (Files.size(file) <= IN_MEMORY_BLOB_BYTES) {
                return Optional.of(inserter.insert(Constants.OBJ_BLOB, Files.readAllBytes(file)));
            }
            Path copy = Files.createTempFile(repo.getDirectory().toPath(), "snapshot-", ".blob");
            try {
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                try (InputStream in = Files.newInputStream(copy)) {
                    return Optional.of(inserter.insert(Constants.OBJ_BLOB, Files.size(copy), in));
                }
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (NoSuchFileException | NotLinkException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty(); // replaced by a directory, say, while it was read
            }
            throw e;
        }
    }

    /** Ignored files and nested repositories are not part of the body. */
    private static boolean isSkipped(WorkingTreeIterator file) throws IOException {
        return file.isEntryIgnored() || file.getEntryFileMode() == FileMode.GITLINK;
    }
}
