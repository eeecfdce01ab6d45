package io.descartes.hub.testing;

import java.util.List;
import java.util.stream.Stream;

/** One Prometheus text exposition scraped from {@code /observe/metrics}, read sample by sample. */
public final class MetricsScrape {

    private final List<String> samples;

    private MetricsScrape(String text) {
        this.samples = text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }

    public static MetricsScrape of(HubHttp http) throws Exception {
        HubHttp.Reply reply = http.send("GET", "/observe/metrics", null);
        if (reply.status() != 200) {
            throw new AssertionError("/observe/metrics answered " + reply.status() + ": " + reply.body());
        }
        return new MetricsScrape(reply.body());
    }

    /**
     * The sum of every sample of {@code metric} whose labels contain each of {@code labels} (written as
     * {@code name="value"}); 0 when there is none.
     */
    public double sum(String metric, String... labels) {
        return samplesOf(metric)
                .filter(l -> List.of(labels).stream().allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    public boolean has(String metric) {
        return samplesOf(metric).findAny().isPresent();
    }

    private Stream<String> samplesOf(String metric) {
        return samples.stream().filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "));
    }
}
