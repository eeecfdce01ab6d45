package io.descartes.hub.runner;

import io.descartes.hub.agents.ContextStoppingHook;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends runner_unregister when the runner stops gracefully, while its routes still run. */
final class RunnerUnregistration extends ContextStoppingHook {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerUnregistration.class);
    /** routes/runner/runner.camel.yaml: to the hub's runner link, re-sent until acknowledged. */
    private static final String HUB_LINK = "direct:hub-link";

    private final CamelContext context;
    private final RunnerLink link;

    RunnerUnregistration(CamelContext context, RunnerLink link) {
        this.context = context;
        this.link = link;
    }

    @Override
    protected void onStopping() {
        Exchange done = context.createProducerTemplate().send(HUB_LINK,
                exchange -> exchange.getMessage().setBody(link.unregistration()));
        if (done.getException() != null) {
            LOG.warn("could not unregister from the hub: {}", done.getException().getMessage());
        }
    }
}
