package io.descartes.hub.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The hub's own meters, next to Camel's in the same Micrometer registry (scraped at
 * {@code /observe/metrics}). Names are dotted here and exported as {@code descartes_*} by Prometheus.
 */
public final class HubMeters {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Counter deadLetters;
    // per-frame meters, looked up once per tag value: building and registering one per frame cost more than the count
    private final Map<String, Counter> recorded = new ConcurrentHashMap<>();
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Timer> replyLatency = new ConcurrentHashMap<>();
    private final Map<String, Counter> overQuota = new ConcurrentHashMap<>();

    public HubMeters(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("descartes.journal.batch.size")
                .description("frames committed per journal transaction").register(registry);
        this.deadLetters = Counter.builder("descartes.dead.letters").description("frames stored as dead letters")
                .register(registry);
    }

    /** A new event row: a frame, or an event of the hub itself or of the bus. */
    public void recorded(String eventType) {
        recorded.computeIfAbsent(eventType, type -> Counter.builder("descartes.events.recorded")
                .description("events stored, by type").tag("type", type).register(registry)).increment();
    }

    /** A re-sent frame, acknowledged again but not stored. */
    public void duplicate(String eventType) {
        duplicates.computeIfAbsent(eventType, type -> Counter.builder("descartes.events.duplicates")
                .description("re-sent frames acknowledged but not stored again").tag("type", type).register(registry))
                .increment();
    }

    /** A frame refused with an error reply; protocol errors are also dead-lettered. */
    public void refused(String code) {
        refused.computeIfAbsent(code, c -> Counter.builder("descartes.frames.refused")
                .description("frames answered with an error reply, by code").tag("code", c).register(registry)).increment();
    }

    /**
     * Time from a frame's arrival to its reply (for agent events: to the ack after commit), with
     * histogram buckets so Prometheus can aggregate quantiles across scrapes and hubs. No client-side percentiles:
     * they cannot be aggregated, and their time-window bookkeeping on every reply cost more than the bucket count.
     */
    public void replied(String endpoint, Duration latency) {
        replyLatency.computeIfAbsent(endpoint, e -> Timer.builder("descartes.reply.latency")
                .description("frame arrival to reply, by endpoint").tag("endpoint", e)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry)).record(latency);
    }

    /** A frame kept in the dead-letter table (it broke the protocol). */
    public void deadLettered() {
        deadLetters.increment();
    }

    /** A frame refused because its peer is over its ingest quota (io.descartes.hub.quota); nothing of it was stored. */
    public void overQuota(String endpoint, String peer) {
        overQuota.computeIfAbsent(endpoint + '/' + peer, k -> Counter.builder("descartes.quota.refused")
                .description("frames refused over their peer's ingest quota, not stored, by endpoint and peer kind")
                .tag("endpoint", endpoint).tag("peer", peer).register(registry)).increment();
    }

    /** A lease or secret change committed and recorded, by its event type (lease_acquired, secret_rotated, ...). */
    public void securityOperation(String eventType) {
        Counter.builder("descartes.security.operations").description("lease and secret changes, by event type")
                .tag("operation", eventType).register(registry).increment();
    }

    public void batchCommitted(int size) {
        batchSize.record(size);
    }

    /** One more of a counter looked up by name and tags (Micrometer returns the registered one). */
    public void count(String name, String description, String... tags) {
        Counter.builder(name).description(description).tags(tags).register(registry).increment();
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }
}
