package io.descartes.hub.agents;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Runs {@link #onStopping()} when the CamelContext starts stopping, before its routes stop, so what it sends is
 * still recorded and delivered like any other message. A lifecycle strategy, not an event notifier: with any event
 * notifier registered, Camel walks the notifiers at every asynchronous hand-off of every exchange (bench/README,
 * session 14), and the hub keeps that list empty.
 */
public abstract class ContextStoppingHook extends LifecycleStrategySupport {

    @Override
    public final void onContextStopping(CamelContext context) {
        try {
            onStopping();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e); // Camel logs it and goes on stopping
        }
    }

    protected abstract void onStopping() throws Exception;
}
