package io.descartes.hub.timetravel;

import static io.descartes.hub.boot.HubProperties.intProperty;
import static io.descartes.hub.boot.HubProperties.property;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.http.Json;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.EventStore;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.ThreadPoolProfile;

/**
 * Binds the time-travel beans the routes use: {@code workspaceInitializer}
 * (direct:workspace-init), {@code snapshotTrigger} (direct:snapshot-trigger),
 * {@code snapshotService}, {@code rewindService} and {@code timeTravelApi} (HTTP). Needs
 * {@code ds}, {@code eventStore} and {@code agentStore}.
 */
public final class TimeTravelBeans {

    private TimeTravelBeans() {
    }

    public static void bind(CamelContext context) {
        PropertiesComponent props = context.getPropertiesComponent();
        Registry registry = context.getRegistry();
        ObjectMapper mapper = Json.MAPPER;
        Clock clock = Clock.systemUTC();
        DataSource ds = required(registry, "ds", DataSource.class);

        WorkspaceRoot workspaces = new WorkspaceRoot(Path.of(property(props, "hub.agents.workspace-root")));
        SnapshotStore snapshots = new SnapshotStore(ds, clock);
        AgentEventLog log = new AgentEventLog(ds, required(registry, "eventStore", EventStore.class),
                intProperty(props, "hub.timetravel.replay-page-size"));
        HubEventRecorder recorder = new HubEventRecorder(context.createProducerTemplate());
        SnapshotService snapshotService = new SnapshotService(workspaces, snapshots, recorder, mapper);
        RewindService rewindService = new RewindService(workspaces, snapshots, log, new BrainReplay(log, mapper),
                required(registry, "agentStore", AgentStore.class), recorder,
                new AgentPauser(context.createProducerTemplate(), props.resolveProperty("hub.rewind.pause-uri").orElse("")),
                mapper, clock);
        int threads = intProperty(props, "hub.snapshots.threads");
        int maxPending = intProperty(props, "hub.snapshots.max-pending");
        // the queue holds every job the SnapshotQueue admits, so the pool never rejects one
        ThreadPoolProfile pool = new ThreadPoolProfileBuilder("snapshots").poolSize(threads).maxPoolSize(threads)
                .maxQueueSize(maxPending).build();
        SnapshotQueue queue = new SnapshotQueue(
                context.getExecutorServiceManager().newThreadPool(SnapshotQueue.class, "snapshots", pool), maxPending);

        context.getManagementStrategy().addEventNotifier(
                new SnapshotDrain(queue, intProperty(props, "hub.snapshots.shutdown-wait-ms")));

        registry.bind("workspaceInitializer", new WorkspaceInitializer(workspaces));
        registry.bind("snapshotService", snapshotService);
        registry.bind("rewindService", rewindService);
        registry.bind("snapshotTrigger", new SnapshotTrigger(statuses(property(props, "hub.snapshots.on-status")),
                intProperty(props, "hub.snapshots.every-events"), queue, snapshotService, mapper));
        registry.bind("timeTravelApi", new TimeTravelHttpApi(snapshotService, snapshots, rewindService, log, mapper,
                intProperty(props, "hub.api.default-limit"), intProperty(props, "hub.api.max-limit")));
    }

    private static Set<String> statuses(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static <T> T required(Registry registry, String name, Class<T> type) {
        T bean = registry.lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean '" + name + "' of type " + type.getSimpleName() + " in the registry");
        }
        return bean;
    }
}
