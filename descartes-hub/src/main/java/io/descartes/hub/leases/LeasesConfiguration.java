package io.descartes.hub.leases;

import static io.descartes.hub.boot.HubProperties.intProperty;
import static io.descartes.hub.boot.HubProperties.longProperty;

import java.time.Clock;
import javax.sql.DataSource;

import io.descartes.hub.http.Json;
import io.descartes.hub.http.JsonApi;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Binds the lease beans the lease routes use. Properties: {@code hub.leases.*} in application.properties. */
public final class LeaseBeans {

    private LeaseBeans() {
    }

    public static void bind(CamelContext context) {
        PropertiesComponent props = context.getPropertiesComponent();
        DataSource ds = context.getRegistry().lookupByNameAndType("ds", DataSource.class);
        JsonApi api = new JsonApi(intProperty(props, "hub.security.max-json-body-bytes"));
        LeaseStore leases = new LeaseStore(ds, Clock.systemUTC());
        long maxTtl = longProperty(props, "hub.leases.max-ttl-ms");
        context.getRegistry().bind("leasesApi", new LeasesHttpApi(leases, api, maxTtl));
        context.getRegistry().bind("leaseActions", new LeaseActions(leases, Json.MAPPER, maxTtl));
    }
}
