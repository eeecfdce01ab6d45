package io.descartes.hub.runners;

import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

import io.descartes.hub.agents.AgentsConfiguration;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.agents.RestoredConfigs;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.http.Json;
import io.descartes.hub.metrics.HubMeters;
import io.descartes.hub.store.AgentStore;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.CamelContextHelper;

/**
 * The hub's side of remote runners: {@code runnerRegistry} (runner link messages, liveness sweep),
 * {@code linkPeer} and {@code agentOwnerGuard} (who sent a runner-link frame, and whether it may speak for its agent),
 * {@code runnerPlacement} and {@code remoteRunnerCall} (routes/runners.camel.yaml), {@code agentsElsewhere}
 * (batches naming remote agents), {@code runnersApi} (routes/http-runners.camel.yaml), and registers the
 * {@code runners} health check and gauge. Needs {@code ds}, {@code hubIdentity} and {@code agentRunner}.
 */
public class RunnersConfiguration implements CamelConfiguration {

    @PropertyInject("hub.agents.embedded.enabled")
    private boolean embeddedEnabled;

    @BindToRegistry(value = "runnerStore", lazy = true)
    public RunnerStore runnerStore(@BeanInject("ds") DataSource ds) throws SQLException {
        return new RunnerStore(ds, Json.MAPPER);
    }

    @BindToRegistry(value = "runnerRegistry", lazy = true)
    public RunnerRegistry runnerRegistry(@BeanInject("runnerStore") RunnerStore store,
            @BeanInject("hubIdentity") HubIdentity identity,
            @PropertyInject("hub.runner.lost-after-ms") int lostAfterMillis) throws SQLException {
        return new RunnerRegistry(store, Clock.systemUTC(), lostAfterMillis, identity.serverId());
    }

    @BindToRegistry(value = "linkPeer", lazy = true)
    public Processor linkPeer() {
        return LinkPeer.STEP;
    }

    @BindToRegistry(value = "agentOwnerGuard", lazy = true)
    public AgentOwners agentOwnerGuard(@BeanInject("runnerStore") RunnerStore store,
            @BeanInject("runnerRegistry") RunnerRegistry runners, @BeanInject("agentRunner") EmbeddedRunner embedded) {
        return new AgentOwners(store, runners, embedded::has);
    }

    @BindToRegistry(value = "runnersApi", lazy = true)
    public RunnersHttpApi runnersApi(@BeanInject("runnerStore") RunnerStore store) {
        return new RunnersHttpApi(store, Json.MAPPER);
    }

    @BindToRegistry(value = "runnerPlacement", lazy = true)
    public RunnerPlacement runnerPlacement(CamelContext context, @BeanInject("runnerRegistry") RunnerRegistry runners,
            @BeanInject("agentRunner") EmbeddedRunner embedded, @BeanInject("hubIdentity") HubIdentity hub,
            @PropertyInject("hub.agents.embedded.labels") String labels,
            @PropertyInject("hub.agents.max-agents") int maxAgents, @BeanInject("agentStore") AgentStore agents) {
        return new RunnerPlacement(runners, embedded, embeddedEnabled, Labels.parse("hub.agents.embedded.labels", labels),
                BackendNames.configured(context.getPropertiesComponent()), maxAgents, hub,
                new RestoredConfigs(agents, Json.MAPPER));
    }

    @BindToRegistry(value = "remoteRunnerCall", lazy = true)
    public RemoteRunnerCall remoteRunnerCall(@BeanInject("runnerRegistry") RunnerRegistry runners,
            @BeanInject("agentOwnerGuard") AgentOwners owners, @BeanInject("hubIdentity") HubIdentity hub) {
        return new RemoteRunnerCall(runners, owners, hub);
    }

    @BindToRegistry(value = AgentsConfiguration.ELSEWHERE_BEAN, lazy = true)
    public RemoteAgentControl agentsElsewhere(CamelContext context, @BeanInject("runnerRegistry") RunnerRegistry runners) {
        return new RemoteAgentControl(runners, context.createProducerTemplate());
    }

    @Override
    public void configure(CamelContext context) {
        RunnerRegistry runners = CamelContextHelper.mandatoryLookup(context, "runnerRegistry", RunnerRegistry.class);
        CamelContextHelper.mandatoryLookup(context, "hubMeters", HubMeters.class)
                .gauge("descartes.runners", "live remote runners", runners::liveCount);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new RunnersHealthCheck(runners, embeddedEnabled));
        }
    }
}
