package io.descartes.hub.agents;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Runs {@link #onStopping()} when the CamelContext starts stopping, before its routes stop, so what
 * it sends is still recorded and delivered like any other message.
 */
public abstract class ContextStoppingNotifier extends EventNotifierSupport {

    protected ContextStoppingNotifier() {
        // only the context's stopping event matters: spare Camel creating an event per exchange
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreServiceEvents(true);
    }

    @Override
    public final boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public final void notify(CamelEvent event) throws Exception {
        onStopping();
    }

    protected abstract void onStopping() throws Exception;
}
