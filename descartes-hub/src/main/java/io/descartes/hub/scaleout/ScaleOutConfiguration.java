package io.descartes.hub.scaleout;

import javax.sql.DataSource;

import io.descartes.hub.ingest.PostCommitWork;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.EventStore;
import io.descartes.hub.store.HubDataSource;
import io.descartes.hub.store.SqlDialect;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.CamelContextHelper;

/**
 * Several hubs on one PostgreSQL store acting as one (README "Running several hubs"): the event feed that keeps every
 * hub's fan-out in the store's id order ({@code eventFeed}, woken by other hubs' commits), and the cluster service of
 * the {@code master:} routes that must run on one hub at a time. With SQLite (one hub) the feed passes events
 * straight through and this hub leads every singleton.
 */
public class ScaleOutConfiguration implements CamelConfiguration {

    @PropertyInject("hub.db.url")
    private String databaseUrl;
    @PropertyInject("hub.ws.catch-up-page-size")
    private int pageSize;
    @PropertyInject("hub.scale-out.singleton-retry-ms")
    private long singletonRetryMillis;
    @PropertyInject("hub.scale-out.listen-reconnect-max-ms")
    private long listenReconnectMaxMillis;

    @BindToRegistry(value = "eventFeed", lazy = true)
    public EventFeed eventFeed(@BeanInject("eventStore") EventStore store, @BeanInject("eventJournal") EventJournal journal,
            CamelContext context) {
        ProducerTemplate batches = context.createProducerTemplate();
        batches.setDefaultEndpointUri(PostCommitWork.ROUTE);
        return new EventFeed(SqlDialect.of(databaseUrl).shared(), store, journal, batches, pageSize);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        boolean shared = SqlDialect.of(databaseUrl).shared();
        HubDataSource ds = shared ? hubDataSource(context) : null;
        // master: finds its cluster service among the context's services; bound later (camel.beans) it would be too late
        context.addService(new StoreLockClusterService(ds, shared, singletonRetryMillis));
        EventFeed feed = CamelContextHelper.mandatoryLookup(context, "eventFeed", EventFeed.class);
        feed.start();
        if (shared) {
            EventJournal journal = CamelContextHelper.mandatoryLookup(context, "eventJournal", EventJournal.class);
            context.addService(new CommitListener(ds, feed, journal.origin(), listenReconnectMaxMillis), true, true);
        }
    }

    private static HubDataSource hubDataSource(CamelContext context) {
        DataSource ds = context.getRegistry().lookupByNameAndType("ds", DataSource.class);
        if (!(ds instanceof HubDataSource hub)) {
            throw new IllegalStateException("a PostgreSQL store needs camel.beans.ds to be a "
                    + HubDataSource.class.getName() + " (application.properties)");
        }
        return hub;
    }
}
