package io.descartes.hub.ingest;

import java.util.function.Consumer;

import io.descartes.hub.store.CommittedBatch;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the event journal's completion thread does once per committed batch, before the batch's exchanges reply: one
 * exchange through {@value #ROUTE} (routes/record.camel.yaml). A failure there is logged: the batch is committed and
 * its senders are acknowledged all the same.
 */
public final class PostCommitWork implements Consumer<CommittedBatch> {

    public static final String ROUTE = "direct:committed-batch";
    private static final Logger LOG = LoggerFactory.getLogger(PostCommitWork.class);

    private final ProducerTemplate template;
    /** Resolved once: by its URI, every send would normalise the URI and look the endpoint up again. */
    private volatile Endpoint route;

    public PostCommitWork(ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public void accept(CommittedBatch batch) {
        if (route == null) {
            route = template.getCamelContext().getEndpoint(ROUTE);
        }
        Exchange done = template.send(route, exchange -> exchange.getMessage().setBody(batch));
        if (done.getException() != null) {
            LOG.error("the work after a committed batch of {} failed", batch.committed().size(), done.getException());
        }
    }
}
