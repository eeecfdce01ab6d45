package io.descartes.hub.runners;

import static io.descartes.hub.boot.HubProperties.intProperty;
import static io.descartes.hub.boot.HubProperties.property;

import java.time.Clock;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.agents.AgentBeans;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.http.Json;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;

/**
 * Binds the hub's side of remote runners: {@code runnerRegistry} (runner link messages, liveness sweep),
 * {@code linkPeer} and {@code agentOwnerGuard} (who sent a runner-link frame, and whether it may speak for its agent),
 * {@code runnerPlacement} and {@code remoteRunnerCall} (routes/runners.camel.yaml), {@code agentsElsewhere}
 * (batches naming remote agents), {@code runnersApi} (routes/http-runners.camel.yaml), and registers the
 * {@code runners} health check. Needs {@code ds}, {@code hubIdentity} and {@code agentRunner}.
 */
public final class RunnerBeans {

    private RunnerBeans() {
    }

    public static void bind(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        Registry registry = context.getRegistry();
        HubIdentity hub = registry.lookupByNameAndType("hubIdentity", HubIdentity.class);
        ObjectMapper json = Json.MAPPER;
        RunnerStore store = new RunnerStore(registry.lookupByNameAndType("ds", DataSource.class), json);
        RunnerRegistry runners = new RunnerRegistry(store, Clock.systemUTC(), intProperty(props, "hub.runner.lost-after-ms"));
        registry.bind("runnerRegistry", runners);
        EmbeddedRunner embedded = registry.lookupByNameAndType("agentRunner", EmbeddedRunner.class);
        AgentOwners owners = new AgentOwners(store, runners, embedded::has);
        registry.bind("linkPeer", LinkPeer.STEP);
        registry.bind("agentOwnerGuard", owners);
        registry.bind("runnersApi", new RunnersHttpApi(store, json));
        boolean embeddedEnabled = Boolean.parseBoolean(property(props, "hub.agents.embedded.enabled").trim());
        registry.bind("runnerPlacement", new RunnerPlacement(runners,
                embedded, embeddedEnabled,
                Labels.parse("hub.agents.embedded.labels", props.resolveProperty("hub.agents.embedded.labels").orElse("")),
                BackendNames.configured(props), intProperty(props, "hub.agents.max-agents"), hub));
        registry.bind("remoteRunnerCall", new RemoteRunnerCall(runners, owners, hub));
        registry.bind(AgentBeans.ELSEWHERE_BEAN, new RemoteAgentControl(runners, context.createProducerTemplate()));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new RunnersHealthCheck(runners, embeddedEnabled));
        }
    }
}
