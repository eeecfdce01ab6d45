package io.descartes.hub.agents;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Runs {@link #onStopping()} when the CamelContext starts stopping, before its routes stop, so what it sends is
 * still recorded and delivered like any other message. A lifecycle strategy, not an event notifier: Camel walks
 * every registered notifier at each asynchronous hand-off of every exchange (bench/README, session 14).
 */
public abstract class ContextStoppingHook extends LifecycleStrategySupport {

    @Override
    public final void onContextStopping(CamelContext context) {
        try {
            onStopping();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw RuntimeCamelException.wrapRuntimeCamelException(e); // Camel logs it and goes on stopping
        }
    }

    protected abstract void onStopping() throws Exception;
}
