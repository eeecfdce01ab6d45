package io.descartes.hub.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's memory during one harness run (Linux): its resident set, sampled from {@code /proc/<pid>/status} every
 * 100 ms (the highest {@code VmRSS} seen, and {@code VmHWM}, the process's peak since it started), and the GC pauses
 * its unified GC log ({@code -Xlog:gc:file=...}) gained during the run. Prints
 * {@code RESULT mem target=.. k=.. rate=.. peak_rss_kb=.. hwm_kb=.. gc_pauses=.. gc_pause_total_ms=.. gc_pause_max_ms=..}.
 */
final class ServerMemory implements AutoCloseable {

    /** {@code [..] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 100M->20M(256M) 3.456ms}: the pause is the last field. */
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.* ([0-9.]+)ms$");

    private final Path status;
    private final Path gcLog;
    private final long gcLogStart;
    private final Thread sampler;
    private volatile long peakRssKb;
    private volatile boolean done;

    private ServerMemory(long pid, Path gcLog) throws IOException {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.gcLog = gcLog;
        this.gcLogStart = Files.size(gcLog);
        sample();
        sampler = new Thread(this::sampleUntilClosed, "server-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** From the harness's {@code --server-pid} and {@code --server-gc-log}; null when they are not given. */
    static ServerMemory watch(String[] args, String prefix) throws IOException {
        String pid = Stats.arg(args, prefix + "server-pid", "");
        String gcLog = Stats.arg(args, prefix + "server-gc-log", "");
        if (pid.isEmpty() != gcLog.isEmpty()) {
            throw new IllegalArgumentException("--" + prefix + "server-pid and --" + prefix + "server-gc-log go together");
        }
        return pid.isEmpty() ? null : new ServerMemory(Long.parseLong(pid), Path.of(gcLog));
    }

    private void sampleUntilClosed() {
        try {
            while (!done) {
                sample();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the server is gone: the run reports what was seen
        }
    }

    private void sample() throws IOException {
        peakRssKb = Math.max(peakRssKb, statusKb("VmRSS:"));
    }

    private long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IOException(status + " has no " + field);
    }

    /** Stops sampling and prints the run's RESULT line. */
    void report(String name, int k, double rate) throws IOException, InterruptedException {
        close();
        sample();
        int pauses = 0;
        double total = 0;
        double max = 0;
        for (String line : gcLogSinceStart().split("\n")) {
            Matcher m = PAUSE.matcher(line.strip());
            if (m.find()) {
                double ms = Double.parseDouble(m.group(1));
                pauses++;
                total += ms;
                max = Math.max(max, ms);
            }
        }
        System.out.printf("RESULT mem target=%s k=%d rate=%.0f peak_rss_kb=%d hwm_kb=%d gc_pauses=%d gc_pause_total_ms=%.1f gc_pause_max_ms=%.1f%n",
                name, k, rate, peakRssKb, statusKb("VmHWM:"), pauses, total, max);
    }

    private String gcLogSinceStart() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(gcLog.toFile(), "r")) {
            byte[] added = new byte[(int) Math.max(0, f.length() - gcLogStart)];
            f.seek(gcLogStart);
            f.readFully(added);
            return new String(added, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        done = true;
        sampler.join();
    }
}
