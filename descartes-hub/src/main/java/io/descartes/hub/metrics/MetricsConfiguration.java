package io.descartes.hub.metrics;

import io.descartes.hub.store.AgentStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The hub's meters ({@code hubMeters}) and the processors the routes time and count with; gauges of the agents. */
public class MetricsConfiguration implements CamelConfiguration {

    /**
     * camel-micrometer-prometheus binds its registry as {@code metricsRegistry}; with
     * camel.metrics.enabled=false there is none, and the hub's meters are kept but not exported.
     */
    @BindToRegistry(value = "hubMeters", lazy = true)
    public HubMeters hubMeters(CamelContext context) {
        MeterRegistry camel = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return new HubMeters(camel != null ? camel : new SimpleMeterRegistry());
    }

    @BindToRegistry(value = "recordedEventMeter", lazy = true)
    public RecordedEventMeter recordedEventMeter(@BeanInject("hubMeters") HubMeters meters) {
        return new RecordedEventMeter(meters);
    }

    @BindToRegistry(value = "replyMeter", lazy = true)
    public ReplyMeter replyMeter(@BeanInject("hubMeters") HubMeters meters) {
        return new ReplyMeter(meters);
    }

    @BindToRegistry(value = "securityOperationMeter", lazy = true)
    public SecurityOperationMeter securityOperationMeter(@BeanInject("hubMeters") HubMeters meters) {
        return new SecurityOperationMeter(meters);
    }

    @Override
    public void configure(CamelContext context) {
        AgentStatusGauges.register(context.getRegistry().lookupByNameAndType("hubMeters", HubMeters.class),
                context.getRegistry().lookupByNameAndType("agentStore", AgentStore.class));
    }
}
