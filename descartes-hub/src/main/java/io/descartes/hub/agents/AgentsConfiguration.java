package io.descartes.hub.agents;

import static io.descartes.hub.boot.HubProperties.intProperty;
import static io.descartes.hub.boot.HubProperties.property;

import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.agents.http.AgentsHttpApi;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.http.Json;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.security.SecretVault;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.EventStore;
import io.descartes.hub.store.PrivatePaths;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;

/**
 * Binds the agents capability: the embedded runner ({@code agentRunner}), the responders the
 * command routes call, the HTTP bean ({@code agentsHttp}) and the shutdown policy. Needs {@code hubIdentity};
 * uses {@code secretVault} when bound (the hub) for the secrets a spawn asks for, and {@code agentStore} with
 * {@code eventStore} (the hub) for the registry's reads ({@code agentRegistry}, HTTP, list_agents_request) and to
 * respawn rewound agents.
 */
public final class AgentBeans {

    /** Where the runner sends its status_update / log_stream events: the same recording path as external agents. */
    public static final String EVENT_ENDPOINT = "direct:agent-event";
    /** Optional: a route here prepares each new workspace (time travel makes it a git repository). */
    public static final String WORKSPACE_INIT_ENDPOINT = "direct://workspace-init";
    /** Optional bean: where a batch sends the command for an agent the embedded runner does not hold. */
    public static final String ELSEWHERE_BEAN = "agentsElsewhere";

    private AgentBeans() {
    }

    public static void bind(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        Registry registry = context.getRegistry();
        ObjectMapper json = Json.MAPPER;
        HubIdentity hub = registry.lookupByNameAndType("hubIdentity", HubIdentity.class);
        ProducerTemplate template = context.createProducerTemplate();
        ScheduledExecutorService timer = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(AgentBeans.class, "agent-stop-timer");

        // the keys come from every property source; each value is resolved, so {{env:X}} works
        Properties backendKeys = new Properties();
        props.loadProperties(k -> k.startsWith(AgentBackends.PREFIX)).stringPropertyNames()
                .forEach(k -> backendKeys.setProperty(k, property(props, k)));
        AgentBackends backends = AgentBackends.fromProperties(backendKeys);
        RunnerSettings settings = new RunnerSettings(Path.of(property(props, "hub.agents.workspace-root")),
                intProperty(props, "hub.agents.output-buffer-lines"), intProperty(props, "hub.agents.stop-grace-ms"),
                intProperty(props, "hub.agents.max-agents"), intProperty(props, "hub.agents.retain-finished"));
        AgentProcessRecords records = new AgentProcessRecords(Path.of(property(props, "hub.agents.process-records")));
        PrivatePaths.ownFolder(settings.workspaceRoot());
        PrivatePaths.ownFolder(records.folder());
        LeftoverAgents.end(records);
        AgentProcesses processes = new AgentProcesses(
                AgentBackend.parseArgv(property(props, AgentProcesses.WRAPPER_KEY)), records);
        EmbeddedRunner runner = new EmbeddedRunner(backends, settings,
                (event, metadata) -> record(template, event, metadata),
                (id, workspace) -> initWorkspace(context, template, id),
                new SecretEnvironment(registry.lookupByNameAndType("secretVault", SecretVault.class)), processes, timer);
        AgentCommands commands = new AgentCommands(runner, new CustomActions(context, template, json), json,
                property(props, "hub.zmq.pub.address"));

        registry.bind("agentRunner", runner);
        registry.bind("spawnResponder", new SpawnResponder(runner, hub));
        registry.bind("agentLauncher", new AgentLauncher(runner));
        AgentStore store = registry.lookupByNameAndType("agentStore", AgentStore.class);
        registry.bind("controlResponder", new ControlResponder(runner, commands, new RestoredConfigs(store, json)));
        if (store == null) {
            // a remote runner has no database: it lists the agents it runs, the hub lists them all
            registry.bind("listAgentsResponder", new ListAgentsResponder(runner::list));
        } else {
            AgentRegistry agents = new AgentRegistry(store, runner);
            registry.bind("agentRegistry", agents);
            registry.bind("listAgentsResponder", new ListAgentsResponder(agents));
            registry.bind("agentsHttp", new AgentsHttpApi(json, agents,
                    new RecordedOutput(registry.lookupByNameAndType("eventStore", EventStore.class), json),
                    intProperty(props, "hub.api.default-limit"), intProperty(props, "hub.api.max-limit"),
                    intProperty(props, "hub.agents.output-default-limit")));
        }
        registry.bind("outputQueryResponder", new OutputQueryResponder(runner, hub,
                intProperty(props, "hub.agents.output-default-limit")));
        registry.bind("batchControlResponder", new BatchControlResponder(runner, commands, command -> {
            // bound later by the hub's runners capability; a remote runner has none
            AgentsElsewhere remote = registry.lookupByNameAndType(ELSEWHERE_BEAN, AgentsElsewhere.class);
            if (remote == null) {
                throw AgentFailure.notFound(command.agentId());
            }
            return remote.control(command);
        }));
        context.getManagementStrategy().addEventNotifier(new AgentShutdown(runner,
                ShutdownPolicy.parse(property(props, "hub.agents.shutdown-policy")), processes));
    }

    private static void initWorkspace(CamelContext context, ProducerTemplate template, UUID agentId) {
        boolean served = context.getRoutes().stream()
                .anyMatch(r -> r.getEndpoint().getEndpointUri().equals(WORKSPACE_INIT_ENDPOINT));
        if (served) {
            template.requestBodyAndHeader(WORKSPACE_INIT_ENDPOINT, null, DescartesHeaders.AGENT_ID, agentId.toString());
        }
    }

    private static void record(ProducerTemplate template, ZmqMessage event, String registryMetadata) {
        Exchange done = template.send(EVENT_ENDPOINT, exchange -> {
            exchange.getMessage().setBody(event);
            exchange.setProperty(RunningAgent.REGISTRY_METADATA, registryMetadata);
        });
        if (done.getException() != null) {
            throw new IllegalStateException(done.getException().getMessage(), done.getException());
        }
    }
}
