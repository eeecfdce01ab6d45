package io.descartes.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.api.ApiBeans;
import io.descartes.hub.health.DatabaseHealthCheck;
import io.descartes.hub.health.HubHealthReport;
import io.descartes.hub.store.DeadLetterStore;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.EventStore;
import io.descartes.hub.store.JournalWriter;
import io.vertx.core.Vertx;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.PropertiesComponent;
import org.flywaydb.core.Flyway;

/**
 * Wires the hub's building blocks into the registry before any route starts: the database
 * (created and migrated here, so routes never see an old schema), the event journal and stores.
 */
public class HubConfiguration implements CamelConfiguration {

    /**
     * The one Vert.x instance: platform-http and vertx-websocket must share it to share port 8080
     * (two instances fail with "Address already in use").
     */
    @BindToRegistry("vertx")
    public Vertx vertx() {
        return Vertx.vertx();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        DataSource ds = context.getRegistry().lookupByNameAndType("ds", DataSource.class);
        if (ds == null) {
            throw new IllegalStateException("no DataSource bean 'ds': set camel.beans.ds in application.properties");
        }
        createDatabaseFolder(props.resolveProperty("hub.db.url").orElseThrow(
                () -> new IllegalStateException("hub.db.url is not set")));
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

        EventJournal journal = new EventJournal(new JournalWriter(ds, Clock.systemUTC()),
                intProperty(props, "hub.journal.queue-capacity"),
                intProperty(props, "hub.journal.max-batch"),
                intProperty(props, "hub.journal.linger-ms"),
                intProperty(props, "hub.journal.offer-timeout-ms"));
        context.addService(journal, true, true); // stopped after the routes, so in-flight entries commit
        context.getRegistry().bind("eventJournal", journal);
        context.getRegistry().bind("eventStore", new EventStore(ds));
        context.getRegistry().bind("hubHealth", new HubHealthReport(context, new ObjectMapper()));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new DatabaseHealthCheck(ds, journal));
        }
        context.getRegistry().bind("deadLetterStore", new DeadLetterStore(ds));
        ApiBeans.bind(context);
    }

    /** sqlite-jdbc does not create folders; a fresh checkout has no data/ yet. */
    private static void createDatabaseFolder(String url) throws IOException {
        String prefix = "jdbc:sqlite:";
        if (url.startsWith(prefix) && !url.contains(":memory:")) {
            Path parent = Path.of(url.substring(prefix.length()).split("\\?")[0]).toAbsolutePath().getParent();
            Files.createDirectories(parent);
        }
    }

    public static int intProperty(PropertiesComponent props, String name) {
        String value = props.resolveProperty(name)
                .orElseThrow(() -> new IllegalStateException("property " + name + " is not set"));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("property " + name + " must be an integer, got '" + value + "'", e);
        }
    }
}
