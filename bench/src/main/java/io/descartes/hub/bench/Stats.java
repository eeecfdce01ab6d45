package io.descartes.hub.bench;

import java.util.Arrays;

/** Percentiles over recorded latencies (nanoseconds), medians, command-line arguments. */
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

    /** The middle value (the upper one of an even count), NaN for none. */
    static double median(java.util.List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
