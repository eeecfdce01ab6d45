package io.descartes.hub.runner;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends runner_unregister when the runner stops gracefully, while its routes still run. */
final class RunnerUnregistration extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RunnerUnregistration.class);
    /** routes/runner/runner.camel.yaml: to the hub's runner link, re-sent until acknowledged. */
    private static final String HUB_LINK = "direct:hub-link";

    private final CamelContext context;
    private final RunnerLink link;

    RunnerUnregistration(CamelContext context, RunnerLink link) {
        this.context = context;
        this.link = link;
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
    public void notify(CamelEvent event) {
        Exchange done = context.createProducerTemplate().send(HUB_LINK,
                exchange -> exchange.getMessage().setBody(link.unregistration()));
        if (done.getException() != null) {
            LOG.warn("could not unregister from the hub: {}", done.getException().getMessage());
        }
    }
}
