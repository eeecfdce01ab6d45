package io.descartes.hub.bench;

import java.util.Arrays;

/** Percentiles over recorded latencies (nanoseconds). */
final class Stats {
    private Stats() {
    }

    /** Sorts {@code values[0..n)} in place and returns the p-th percentile (nearest rank), in microseconds. */
    static double percentileMicros(long[] values, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, n);
        int rank = (int) Math.ceil(p / 100.0 * n) - 1;
        return values[Math.max(0, Math.min(n - 1, rank))] / 1000.0;
    }

    static String arg(String[] args, String name, String fallback) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
