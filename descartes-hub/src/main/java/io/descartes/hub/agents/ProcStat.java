package io.descartes.hub.agents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A process as Linux's {@code /proc/<pid>/stat} describes it (proc(5)): its state, session and start time. Pid and
 * start time together name one process for as long as the machine runs, which a pid alone does not (pids are reused).
 *
 * @param startTicks clock ticks from boot to the process's start (field 22)
 */
public record ProcStat(long pid, char state, long sessionId, long startTicks) {

    private static final Path PROC = Path.of("/proc");

    /** The process now running under this pid, if any. */
    public static Optional<ProcStat> of(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException e) {
            return Optional.empty(); // no such process (any more)
        }
    }

    /** Every process there is now. */
    public static Stream<ProcStat> all() throws IOException {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(n -> of(Long.parseLong(n))).flatMap(Optional::stream).toList().stream();
        }
    }

    static ProcStat parse(long pid, String stat) {
        // the command name (field 2) is in parentheses and may itself hold spaces and parentheses
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[3]), Long.parseLong(fields[19]));
    }

    /** Whether this still runs: a zombie (Z) or dead (X) process has ended, it only waits to be reaped. */
    public boolean running() {
        return state != 'Z' && state != 'X';
    }

    /** Whether this is the process recorded as {@code pid} started at {@code startTicks}, still running. */
    public boolean is(long pid, long startTicks) {
        return this.pid == pid && this.startTicks == startTicks && running();
    }

    /** Whether the process was started with {@code NAME=value} in its environment (false if it cannot be read). */
    public boolean hasEnvironment(String name, String value) {
        try {
            byte[] environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
            String wanted = name + "=" + value;
            return Arrays.asList(new String(environ, StandardCharsets.UTF_8).split("\0")).contains(wanted);
        } catch (IOException e) {
            return false;
        }
    }
}
