package io.descartes.hub.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import io.descartes.hub.store.PrivatePaths;

/**
 * The agent processes this runner started and that have not ended yet, one file per agent in a folder
 * ({@code hub.agents.process-records}), so that the next start of a runner or hub that died can find them. Each file,
 * named by the agent id, is one line: the owner (this JVM) and the agent, each as pid and start time
 * ({@link ProcStat#startTicks()}), since either pid may have been reused by the time anyone reads the file.
 */
public final class AgentProcessRecords {

    /** One agent process and the JVM that started it. */
    public record Entry(UUID agentId, long ownerPid, long ownerStartTicks, long pid, long startTicks) {

        String line() {
            return ownerPid + " " + ownerStartTicks + " " + pid + " " + startTicks + "\n";
        }

        static Entry parse(UUID agentId, String line) {
            String[] f = line.trim().split(" ");
            return new Entry(agentId, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]));
        }

        /** Whether the JVM that started the agent still runs (then the agent is its business, not a leftover). */
        public boolean ownerAlive() {
            return ProcStat.of(ownerPid).filter(p -> p.is(ownerPid, ownerStartTicks)).isPresent();
        }
    }

    private static final String PARTIAL = ".partial";

    private final Path folder;

    public AgentProcessRecords(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    void save(Entry entry) {
        try {
            PrivatePaths.createFolders(folder);
            // written whole, then renamed: a reader after a crash never sees half a line
            Path partial = Files.writeString(folder.resolve(entry.agentId() + PARTIAL), entry.line(),
                    StandardCharsets.US_ASCII);
            Files.move(partial, file(entry.agentId()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record agent process in " + folder, e);
        }
    }

    void delete(UUID agentId) {
        try {
            Files.deleteIfExists(file(agentId));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the record of agent " + agentId + " in " + folder, e);
        }
    }

    /** Every recorded agent process, of this JVM and of any other that shares the folder, live or dead. */
    public List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(folder)) {
            // a ".partial" file is being written, or its owner died before the rename and its agent with it
            for (Path f : files.filter(f -> !f.getFileName().toString().endsWith(PARTIAL)).toList()) {
                try {
                    entries.add(Entry.parse(UUID.fromString(f.getFileName().toString()),
                            Files.readString(f, StandardCharsets.US_ASCII)));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("not an agent process record: " + f + " (" + e + ")", e);
                }
            }
        }
        return entries;
    }

    private Path file(UUID agentId) {
        return folder.resolve(agentId.toString());
    }
}
