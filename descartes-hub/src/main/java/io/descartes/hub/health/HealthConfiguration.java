package io.descartes.hub.health;

import javax.sql.DataSource;

import io.descartes.hub.http.Json;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.CamelContextHelper;

/** The hub's status page ({@code hubHealth}, GET /health) and the database health check. */
public class HealthConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "hubHealth", lazy = true)
    public HubHealthReport hubHealth(CamelContext context) {
        return new HubHealthReport(context, Json.MAPPER);
    }

    @Override
    public void configure(CamelContext context) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new DatabaseHealthCheck(CamelContextHelper.mandatoryLookup(context, "ds", DataSource.class),
                    CamelContextHelper.mandatoryLookup(context, "eventJournal", EventJournal.class)));
        }
    }
}
