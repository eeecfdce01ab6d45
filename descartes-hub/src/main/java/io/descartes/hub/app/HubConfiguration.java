package io.descartes.hub.app;

import static io.descartes.hub.boot.HubProperties.durationProperty;
import static io.descartes.hub.boot.HubProperties.intProperty;
import static io.descartes.hub.boot.HubProperties.longProperty;
import static io.descartes.hub.boot.HubProperties.property;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.agents.AgentBackends;
import io.descartes.hub.agents.AgentBeans;
import io.descartes.hub.api.ApiBeans;
import io.descartes.hub.api.EventBroadcaster;
import io.descartes.hub.boot.DeclaredKeys;
import io.descartes.hub.boot.ReadyBanner;
import io.descartes.hub.commands.HealthCheckResponder;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.commands.UnservedRequestReply;
import io.descartes.hub.curve.CurveBeans;
import io.descartes.hub.health.DatabaseHealthCheck;
import io.descartes.hub.health.HubHealthReport;
import io.descartes.hub.http.Json;
import io.descartes.hub.ingest.DeadLetterRecorder;
import io.descartes.hub.ingest.ErrorReply;
import io.descartes.hub.ingest.EventAckReply;
import io.descartes.hub.ingest.FrameRecorder;
import io.descartes.hub.ingest.MessageKindGuard;
import io.descartes.hub.ingest.PubFrameEncoder;
import io.descartes.hub.ingest.SingleFrameGuard;
import io.descartes.hub.leases.LeaseBeans;
import io.descartes.hub.metrics.AgentStatusGauges;
import io.descartes.hub.metrics.HubMeters;
import io.descartes.hub.metrics.RecordedEventMeter;
import io.descartes.hub.metrics.ReplyMeter;
import io.descartes.hub.metrics.SecurityOperationMeter;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.DescartesMsgpackDataFormat;
import io.descartes.hub.protocol.DescartesPubFrameDataFormat;
import io.descartes.hub.protocol.DescartesReplyDataFormat;
import io.descartes.hub.protocol.MessageType;
import io.descartes.hub.quota.IngestQuota;
import io.descartes.hub.quota.Limits;
import io.descartes.hub.runners.RunnerBeans;
import io.descartes.hub.runners.RunnerRegistry;
import io.descartes.hub.security.SecurityBeans;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.DeadLetterRetention;
import io.descartes.hub.store.DeadLetterStore;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.EventRetention;
import io.descartes.hub.store.EventStore;
import io.descartes.hub.store.JournalWriter;
import io.descartes.hub.store.PrivatePaths;
import io.descartes.hub.timetravel.TimeTravelBeans;
import io.descartes.hub.zmq.ZmqWakeups;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.flywaydb.core.Flyway;

/**
 * Puts the hub's building blocks in the registry, under the names the YAML routes use, before any
 * route starts: the database (created and migrated here, so no route sees an old schema), the
 * event journal and stores, the protocol codec and the processors of the ingest and command routes.
 */
public class HubConfiguration implements CamelConfiguration {

    /**
     * The one Vert.x instance: platform-http and vertx-websocket must share it to share the HTTP port
     * (two instances fail with "Address already in use").
     */
    @BindToRegistry("vertx")
    public Vertx vertx() {
        return Vertx.vertx();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        DeclaredKeys.of(props, AgentBackends.PREFIX).requireKnown(props, System.getProperties(), System.getenv());
        Registry registry = context.getRegistry();
        ObjectMapper json = Json.MAPPER;
        Clock clock = Clock.systemUTC();

        DataSource ds = registry.lookupByNameAndType("ds", DataSource.class);
        if (ds == null) {
            throw new IllegalStateException("no DataSource bean 'ds': set camel.beans.ds in application.properties");
        }
        requireFreePort(property(props, "hub.http.host"), intProperty(props, "hub.http.port"));
        createDatabaseFile(property(props, "hub.db.url"));
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

        HubMeters meters = new HubMeters(meterRegistry(registry));
        registry.bind("hubMeters", meters);
        registry.bind("recordedEventMeter", new RecordedEventMeter(meters));
        registry.bind("replyMeter", new ReplyMeter(meters));
        registry.bind("securityOperationMeter", new SecurityOperationMeter(meters));
        EventJournal journal = new EventJournal(new JournalWriter(ds, clock),
                intProperty(props, "hub.journal.queue-capacity"),
                intProperty(props, "hub.journal.max-batch"),
                intProperty(props, "hub.journal.linger-ms"),
                intProperty(props, "hub.journal.offer-timeout-ms"),
                meters::batchCommitted, ZmqWakeups::coalesce);
        meters.gauge("descartes.journal.queue.depth", "frames waiting for the journal writer", journal::queueDepth);
        context.addService(journal, true, true); // stopped after the routes, so in-flight entries commit
        registry.bind("eventJournal", journal);
        registry.bind("eventStore", new EventStore(ds));
        registry.bind("deadLetterStore", new DeadLetterStore(ds));
        AgentStore agents = new AgentStore(ds);
        registry.bind("agentStore", agents);
        AgentStatusGauges.register(meters, agents);
        registry.bind("eventRetention", new EventRetention(ds, durationProperty(props, "hub.events.retention.max-age"),
                intProperty(props, "hub.events.retention.batch-size"), Arrays.stream(AgentStatus.values())
                        .filter(AgentStatus::isTerminal).map(AgentStatus::wire).collect(Collectors.toSet()), clock));
        registry.bind("deadLetterRetention", new DeadLetterRetention(ds,
                durationProperty(props, "hub.events.retention.dead-letters-max-age"),
                longProperty(props, "hub.events.retention.dead-letters-max-rows"),
                intProperty(props, "hub.events.retention.batch-size"), clock));

        int maxMessageSize = intProperty(props, "hub.protocol.max-message-size");
        DescartesCodec codec = new DescartesCodec(maxMessageSize);
        DescartesMsgpackDataFormat dataFormat = new DescartesMsgpackDataFormat();
        dataFormat.setMaxSize(maxMessageSize);
        registry.bind(DescartesMsgpackDataFormat.NAME, dataFormat);
        DescartesReplyDataFormat replies = new DescartesReplyDataFormat();
        replies.setMaxSize(maxMessageSize);
        registry.bind(DescartesReplyDataFormat.REPLY_NAME, replies);
        DescartesPubFrameDataFormat pubFrames = new DescartesPubFrameDataFormat();
        pubFrames.setMaxSize(maxMessageSize);
        registry.bind(DescartesPubFrameDataFormat.NAME, pubFrames);

        registry.bind("singleFrameGuard", new SingleFrameGuard());
        registry.bind("requestGuard", new MessageKindGuard(MessageType.Kind.REQUEST));
        registry.bind("agentEventGuard", new MessageKindGuard(MessageType.Kind.EVENT));
        registry.bind("frameRecorder", new FrameRecorder(json));
        int deadLetterBytes = intProperty(props, "hub.dead-letters.max-raw-bytes");
        registry.bind("deadLetterRecorder", new DeadLetterRecorder(deadLetterBytes));
        long burstSeconds = intProperty(props, "hub.zmq.quota.burst-seconds");
        for (String endpoint : new String[] {"command", "runner"}) {
            String prefix = "hub.zmq.quota." + endpoint + ".";
            try {
                registry.bind(endpoint + "Quota", new IngestQuota(endpoint,
                        new Limits(longProperty(props, prefix + "frames-per-second"),
                                longProperty(props, prefix + "bytes-per-second"), burstSeconds),
                        new Limits(longProperty(props, prefix + "unauthenticated-frames-per-second"),
                                longProperty(props, prefix + "unauthenticated-bytes-per-second"), burstSeconds),
                        maxMessageSize, deadLetterBytes, meters, System::nanoTime));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(prefix + "* / hub.zmq.quota.burst-seconds: " + e.getMessage(), e);
            }
        }
        registry.bind("errorReply", new ErrorReply());
        registry.bind("eventAckReply", new EventAckReply());
        registry.bind("pubFrameEncoder", new PubFrameEncoder(codec));

        HubIdentity hub = HubIdentity.of(props.resolveProperty("hub.server-id").orElse(""),
                property(props, "hub.protocol-version"), clock);
        registry.bind("hubIdentity", hub);
        registry.bind("healthCheckResponder",
                new HealthCheckResponder(hub, agents, journal, property(props, "hub.zmq.command.address")));
        registry.bind("unservedRequestReply", new UnservedRequestReply(hub));

        ApiBeans.bind(context);
        SecurityBeans.bind(context); // before AgentBeans: spawns resolve secrets with its secretVault
        LeaseBeans.bind(context);
        CurveBeans.bind(context);
        AgentBeans.bind(context);
        RunnerBeans.bind(context);
        RunnerRegistry runners = registry.lookupByNameAndType("runnerRegistry", RunnerRegistry.class);
        meters.gauge("descartes.runners", "live remote runners", () -> runners.candidates().size());
        EventBroadcaster broadcaster = registry.lookupByNameAndType("eventBroadcaster", EventBroadcaster.class);
        meters.gauge("descartes.websocket.clients", "clients connected to /ws/events", broadcaster::connectedClients);
        registry.bind("hubHealth", new HubHealthReport(context, json));
        TimeTravelBeans.bind(context);
        context.addStartupListener(new RouteFileRemoval());
        context.addStartupListener(new ReadyBanner());
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new DatabaseHealthCheck(ds, journal));
        }
    }

    /**
     * platform-http-vertx only logs a WARN when its port is taken and Camel starts anyway, leaving a
     * hub without HTTP; refuse to start instead.
     */
    private static void requireFreePort(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("HTTP port " + host + ":" + port
                    + " is not available (" + e.getMessage() + "): set hub.http.port / hub.http.host", e);
        }
    }

    /**
     * camel-micrometer-prometheus binds its registry as {@code metricsRegistry}; with
     * camel.metrics.enabled=false there is none, and the hub's meters are kept but not exported.
     */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry camel = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return camel != null ? camel : new SimpleMeterRegistry();
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
