package io.descartes.hub.metrics;

import java.time.Duration;
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

    public HubMeters(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("descartes.journal.batch.size")
                .description("frames committed per journal transaction").register(registry);
    }

    /** A frame stored as a new event row. */
    public void recorded(String eventType) {
        Counter.builder("descartes.events.recorded").description("frames stored as events, by message type")
                .tag("type", eventType).register(registry).increment();
    }

    /** A re-sent frame, acknowledged again but not stored. */
    public void duplicate(String eventType) {
        Counter.builder("descartes.events.duplicates").description("re-sent frames acknowledged but not stored again")
                .tag("type", eventType).register(registry).increment();
    }

    /** A frame refused with an error reply; protocol errors are also dead-lettered. */
    public void refused(String code) {
        Counter.builder("descartes.frames.refused").description("frames answered with an error reply, by code")
                .tag("code", code).register(registry).increment();
    }

    /**
     * Time from a frame's arrival to its reply (for agent events: to the ack after commit), with
     * histogram buckets so Prometheus can aggregate quantiles across scrapes and hubs.
     */
    public void replied(String endpoint, Duration latency) {
        Timer.builder("descartes.reply.latency").description("frame arrival to reply, by endpoint")
                .tag("endpoint", endpoint).publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(latency);
    }

    /** A frame kept in the dead-letter table (it broke the protocol). */
    public void deadLettered() {
        Counter.builder("descartes.dead.letters").description("frames stored as dead letters").register(registry)
                .increment();
    }

    /** A lease or secret change committed and recorded, by its event type (lease_acquired, secret_rotated, ...). */
    public void securityOperation(String eventType) {
        Counter.builder("descartes.security.operations").description("lease and secret changes, by event type")
                .tag("operation", eventType).register(registry).increment();
    }

    public void batchCommitted(int size) {
        batchSize.record(size);
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }
}
