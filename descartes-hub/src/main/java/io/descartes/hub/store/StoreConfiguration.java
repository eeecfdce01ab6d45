package io.descartes.hub.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import io.descartes.hub.protocol.AgentStatus;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;

/**
 * The database ({@code ds}, camel.beans.ds: a {@link HubDataSource}) and its stores. The schema is migrated here, with
 * the dialect's migrations, before any later configuration or route touches a table (docs/architecture.md "Wiring").
 */
public class StoreConfiguration implements CamelConfiguration {

    @PropertyInject("hub.db.url")
    private String databaseUrl;
    @PropertyInject("hub.db.sqlite.checkpoint-interval-ms")
    private long checkpointIntervalMillis;

    @BindToRegistry(value = "eventStore", lazy = true)
    public EventStore eventStore(@BeanInject("ds") DataSource ds) {
        return new EventStore(ds);
    }

    @BindToRegistry(value = "hubPresence", lazy = true)
    public HubPresence hubPresence(@BeanInject("ds") DataSource ds) {
        boolean shared = SqlDialect.of(databaseUrl).shared();
        return new HubPresence(shared ? (HubDataSource) ds : null, shared);
    }

    @BindToRegistry(value = "deadLetterStore", lazy = true)
    public DeadLetterStore deadLetterStore(@BeanInject("ds") DataSource ds) {
        return new DeadLetterStore(ds);
    }

    @BindToRegistry(value = "agentStore", lazy = true)
    public AgentStore agentStore(@BeanInject("ds") DataSource ds) {
        return new AgentStore(ds);
    }

    @BindToRegistry(value = "eventRetention", lazy = true)
    public EventRetention eventRetention(@BeanInject("ds") DataSource ds,
            @PropertyInject("hub.events.retention.max-age") Duration maxAge,
            @PropertyInject("hub.events.retention.batch-size") int batchSize) {
        return new EventRetention(ds, maxAge, batchSize, Arrays.stream(AgentStatus.values())
                .filter(AgentStatus::isTerminal).map(AgentStatus::wire).collect(Collectors.toSet()), Clock.systemUTC());
    }

    @BindToRegistry(value = "deadLetterRetention", lazy = true)
    public DeadLetterRetention deadLetterRetention(@BeanInject("ds") DataSource ds,
            @PropertyInject("hub.events.retention.dead-letters-max-age") Duration maxAge,
            @PropertyInject("hub.events.retention.dead-letters-max-rows") long maxRows,
            @PropertyInject("hub.events.retention.batch-size") int batchSize) {
        return new DeadLetterRetention(ds, maxAge, maxRows, batchSize, Clock.systemUTC());
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        DataSource ds = context.getRegistry().lookupByNameAndType("ds", DataSource.class);
        if (ds == null) {
            throw new IllegalStateException("no DataSource bean 'ds': set camel.beans.ds in application.properties");
        }
        if (ds instanceof HubDataSource hubDataSource) {
            // added before the journal and every other service, so stopped after them: a pool is closed last
            context.addService(new PoolCloser(hubDataSource), true, true);
        }
        SqlDialect dialect = SqlDialect.of(databaseUrl);
        if (dialect.shared() && !(ds instanceof HubDataSource)) {
            throw new IllegalStateException("a PostgreSQL store needs camel.beans.ds to be a " + HubDataSource.class.getName());
        }
        try {
            Flyway.configure().dataSource(ds).locations(dialect.migrations()).load().migrate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the database at hub.db.url="
                    + SqlDialect.withoutParameters(databaseUrl) + ": " + rootMessage(e), e);
        }
        if (dialect == SqlDialect.SQLITE && checkpointIntervalMillis > 0) {
            context.addService(new WalCheckpointer(ds, checkpointIntervalMillis, context), true, true);
        }
        // held from the start of the context to its end, before any agent is spawned
        context.addService(CamelContextHelper.mandatoryLookup(context, "hubPresence", HubPresence.class), true, true);
    }

    /** Closes the PostgreSQL pool when the context stops (a hub restarted in one JVM opens a new one). */
    private static final class PoolCloser extends ServiceSupport {
        private final HubDataSource ds;

        PoolCloser(HubDataSource ds) {
            this.ds = ds;
        }

        @Override
        protected void doStop() throws Exception {
            ds.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
