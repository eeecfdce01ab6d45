package io.descartes.hub.agents;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Applies the shutdown policy when the CamelContext starts stopping: before the routes stop, so the
 * agents' final statuses are still recorded and broadcast like any other event.
 */
public final class AgentShutdown extends EventNotifierSupport {

    private final EmbeddedRunner runner;
    private final ShutdownPolicy policy;

    public AgentShutdown(EmbeddedRunner runner, ShutdownPolicy policy) {
        this.runner = runner;
        this.policy = policy;
        // only the context's stopping event matters: spare Camel creating an event per exchange
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreServiceEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        runner.shutdown(policy);
    }
}
