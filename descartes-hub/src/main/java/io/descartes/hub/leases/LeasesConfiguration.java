package io.descartes.hub.leases;

import java.time.Clock;
import javax.sql.DataSource;

import io.descartes.hub.http.Json;
import io.descartes.hub.http.JsonApi;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The lease beans the lease routes use. Properties: {@code hub.leases.*} in application.properties. */
public class LeasesConfiguration implements CamelConfiguration {

    @PropertyInject("hub.leases.max-ttl-ms")
    private long maxTtlMillis;

    @BindToRegistry(value = "leaseStore", lazy = true)
    public LeaseStore leaseStore(@BeanInject("ds") DataSource ds) {
        return new LeaseStore(ds, Clock.systemUTC());
    }

    @BindToRegistry(value = "leasesApi", lazy = true)
    public LeasesHttpApi leasesApi(@BeanInject("leaseStore") LeaseStore leases,
            @PropertyInject("hub.security.max-json-body-bytes") int maxJsonBodyBytes) {
        return new LeasesHttpApi(leases, new JsonApi(maxJsonBodyBytes), maxTtlMillis);
    }

    @BindToRegistry(value = "leaseActions", lazy = true)
    public LeaseActions leaseActions(@BeanInject("leaseStore") LeaseStore leases) {
        return new LeaseActions(leases, Json.MAPPER, maxTtlMillis);
    }
}
