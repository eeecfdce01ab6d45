package io.descartes.hub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.flywaydb.core.Flyway;

/**
 * The database ({@code ds}, camel.beans.ds) and its stores. The file is made private and the schema migrated here,
 * before any later configuration or route touches a table (docs/architecture.md "Wiring").
 */
public class StoreConfiguration implements CamelConfiguration {

    @PropertyInject("hub.db.url")
    private String databaseUrl;

    @BindToRegistry(value = "eventStore", lazy = true)
    public EventStore eventStore(@BeanInject("ds") DataSource ds) {
        return new EventStore(ds);
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
        createDatabaseFile(databaseUrl);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    /**
     * sqlite-jdbc does not create folders (a fresh checkout has no data/ yet), and SQLite would create the
     * file readable by everyone (the umask's 0644): the hub creates both, private to its user. SQLite gives
     * its -wal and -shm files the database file's mode; ones left by an older version are narrowed too.
     */
    private static void createDatabaseFile(String url) throws IOException {
        String prefix = "jdbc:sqlite:";
        if (url.startsWith(prefix) && !url.contains(":memory:")) {
            Path file = Path.of(url.substring(prefix.length()).split("\\?")[0]).toAbsolutePath();
            PrivatePaths.ownFile(file);
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion)) {
                    PrivatePaths.ownFile(companion);
                }
            }
        }
    }
}
