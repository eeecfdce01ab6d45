package io.descartes.hub.timetravel;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import io.descartes.hub.http.Json;
import io.descartes.hub.runners.RunnerRegistry;
import io.descartes.hub.runners.RunnerStore;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.EventStore;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.CamelContextHelper;

/**
 * The time-travel beans the routes use: {@code workspaceRoot} (shared by all below), {@code agentWorkspaces} (local or
 * on a remote runner), {@code workspaceInitializer} (direct:workspace-init), {@code snapshotTrigger}
 * (direct:snapshot-trigger), {@code snapshotService}, {@code rewindService} and {@code timeTravelApi} (HTTP). Needs
 * {@code ds}, {@code eventStore}, {@code agentStore}, {@code runnerStore} and {@code runnerRegistry}.
 */
public class TimeTravelConfiguration implements CamelConfiguration {

    @PropertyInject("hub.agents.workspace-root")
    private String workspaceRoot;
    @PropertyInject("hub.snapshots.shutdown-wait-ms")
    private long shutdownWaitMillis;

    @BindToRegistry(value = "snapshotStore", lazy = true)
    public SnapshotStore snapshotStore(@BeanInject("ds") DataSource ds) {
        return new SnapshotStore(ds, Clock.systemUTC());
    }

    @BindToRegistry(value = "agentEventLog", lazy = true)
    public AgentEventLog agentEventLog(@BeanInject("ds") DataSource ds, @BeanInject("eventStore") EventStore events,
            @PropertyInject("hub.timetravel.replay-page-size") int replayPageSize) {
        return new AgentEventLog(ds, events, replayPageSize);
    }

    /** One for the hub: its per-agent locks are what keep snapshots and rewinds of an agent apart. */
    @BindToRegistry(value = "workspaceRoot", lazy = true)
    public WorkspaceRoot workspaceRoot() {
        return new WorkspaceRoot(Path.of(workspaceRoot));
    }

    /** An agent's workspace: under workspaceRoot, or on the remote runner it was placed on (runnerStore says). */
    @BindToRegistry(value = "agentWorkspaces", lazy = true)
    public AgentWorkspaces agentWorkspaces(CamelContext context, @BeanInject("workspaceRoot") WorkspaceRoot root,
            @BeanInject("runnerStore") RunnerStore placements, @BeanInject("runnerRegistry") RunnerRegistry runners) {
        return new AgentWorkspaces(root, placements, runners, context.createProducerTemplate());
    }

    @BindToRegistry(value = "workspaceInitializer", lazy = true)
    public WorkspaceInitializer workspaceInitializer(@BeanInject("workspaceRoot") WorkspaceRoot root) {
        return new WorkspaceInitializer(root);
    }

    @BindToRegistry(value = "snapshotService", lazy = true)
    public SnapshotService snapshotService(CamelContext context, @BeanInject("agentWorkspaces") AgentWorkspaces workspaces,
            @BeanInject("snapshotStore") SnapshotStore snapshots) {
        return new SnapshotService(workspaces, snapshots,
                new HubEventRecorder(context.createProducerTemplate()), Json.MAPPER);
    }

    @BindToRegistry(value = "rewindService", lazy = true)
    public RewindService rewindService(CamelContext context, @BeanInject("agentWorkspaces") AgentWorkspaces workspaces,
            @BeanInject("snapshotStore") SnapshotStore snapshots,
            @BeanInject("agentEventLog") AgentEventLog log, @BeanInject("agentStore") AgentStore agents,
            @PropertyInject("hub.rewind.pause-uri") String pauseUri) {
        return new RewindService(workspaces, snapshots, log,
                new BrainReplay(log, Json.MAPPER), agents, new HubEventRecorder(context.createProducerTemplate()),
                new AgentPauser(context.createProducerTemplate(), pauseUri), Json.MAPPER, Clock.systemUTC());
    }

    /** The queue holds every job the SnapshotQueue admits, so the pool never rejects one. */
    @BindToRegistry(value = "snapshotQueue", lazy = true)
    public SnapshotQueue snapshotQueue(CamelContext context, @PropertyInject("hub.snapshots.threads") int threads,
            @PropertyInject("hub.snapshots.max-pending") int maxPending) {
        ThreadPoolProfile pool = new ThreadPoolProfileBuilder("snapshots").poolSize(threads).maxPoolSize(threads)
                .maxQueueSize(maxPending).build();
        return new SnapshotQueue(
                context.getExecutorServiceManager().newThreadPool(SnapshotQueue.class, "snapshots", pool), maxPending);
    }

    @BindToRegistry(value = "snapshotTrigger", lazy = true)
    public SnapshotTrigger snapshotTrigger(@BeanInject("snapshotQueue") SnapshotQueue queue,
            @BeanInject("snapshotService") SnapshotService snapshotService,
            @PropertyInject("hub.snapshots.on-status") String onStatus,
            @PropertyInject("hub.snapshots.every-events") int everyEvents) {
        return new SnapshotTrigger(statuses(onStatus), everyEvents, queue, snapshotService, Json.MAPPER);
    }

    @BindToRegistry(value = "timeTravelApi", lazy = true)
    public TimeTravelHttpApi timeTravelApi(@BeanInject("snapshotService") SnapshotService snapshotService,
            @BeanInject("snapshotStore") SnapshotStore snapshots, @BeanInject("rewindService") RewindService rewindService,
            @BeanInject("agentEventLog") AgentEventLog log,
            @PropertyInject("hub.api.default-limit") int defaultLimit, @PropertyInject("hub.api.max-limit") int maxLimit) {
        return new TimeTravelHttpApi(snapshotService, snapshots, rewindService, log, Json.MAPPER, defaultLimit, maxLimit);
    }

    @Override
    public void configure(CamelContext context) {
        context.addLifecycleStrategy(new SnapshotDrain(
                CamelContextHelper.mandatoryLookup(context, "snapshotQueue", SnapshotQueue.class), shutdownWaitMillis));
    }

    private static Set<String> statuses(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
