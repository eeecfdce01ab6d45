package io.descartes.hub.agents;

import static io.descartes.hub.boot.HubProperties.property;

import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.http.Json;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.security.SecretVault;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.PrivatePaths;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

/**
 * The agents capability, on the hub and on a runner alike: the embedded runner ({@code agentRunner}), the
 * responders the command routes call and the shutdown policy. Needs {@code hubIdentity}; uses {@code secretVault}
 * when bound (the hub) for the secrets a spawn asks for, {@code agentStore} (the hub) to respawn rewound agents, and
 * {@code agentRegistry} ({@link AgentRegistryConfiguration}, the hub) to list every agent rather than its own.
 */
public class AgentsConfiguration implements CamelConfiguration {

    /** Where the runner sends its status_update / log_stream events: the same recording path as external agents. */
    public static final String EVENT_ENDPOINT = "direct:agent-event";
    /** Optional: a route here prepares each new workspace (time travel makes it a git repository). */
    public static final String WORKSPACE_INIT_ENDPOINT = "direct://workspace-init";
    /** Optional bean: where a batch sends the command for an agent the embedded runner does not hold. */
    public static final String ELSEWHERE_BEAN = "agentsElsewhere";

    @PropertyInject("hub.agents.output-default-limit")
    private int outputDefaultLimit;
    @PropertyInject("hub.agents.shutdown-policy")
    private String shutdownPolicy;

    /** Ends the processes a dead hub or runner left, before this one starts any. */
    @BindToRegistry(value = "agentProcesses", lazy = true)
    public AgentProcesses agentProcesses(@PropertyInject("hub.agents.process-records") String recordsFolder,
            @PropertyInject(AgentProcesses.WRAPPER_KEY) String wrapper) throws Exception {
        AgentProcessRecords records = new AgentProcessRecords(Path.of(recordsFolder));
        PrivatePaths.ownFolder(records.folder());
        LeftoverAgents.end(records);
        return new AgentProcesses(AgentBackend.parseArgv(wrapper), records);
    }

    /** The embedded runner's events, recorded through direct:agent-event; a command's status changes held for its response. */
    @BindToRegistry(value = "heldStatusChanges", lazy = true)
    public HeldStatusChanges heldStatusChanges(CamelContext context) {
        ProducerTemplate template = context.createProducerTemplate();
        return new HeldStatusChanges((event, metadata) -> record(template, event, metadata));
    }

    @BindToRegistry(value = "agentRunner", lazy = true)
    public EmbeddedRunner agentRunner(CamelContext context, @BeanInject("agentProcesses") AgentProcesses processes,
            @BeanInject("heldStatusChanges") HeldStatusChanges statusChanges,
            @PropertyInject("hub.agents.workspace-root") String workspaceRoot,
            @PropertyInject("hub.agents.output-buffer-lines") int outputBufferLines,
            @PropertyInject("hub.agents.stop-grace-ms") int stopGraceMillis,
            @PropertyInject("hub.agents.max-agents") int maxAgents,
            @PropertyInject("hub.agents.retain-finished") int retainFinished) throws Exception {
        RunnerSettings settings = new RunnerSettings(Path.of(workspaceRoot), outputBufferLines, stopGraceMillis,
                maxAgents, retainFinished);
        PrivatePaths.ownFolder(settings.workspaceRoot());
        ProducerTemplate template = context.createProducerTemplate();
        ScheduledExecutorService timer = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "agent-stop-timer");
        return new EmbeddedRunner(backends(context.getPropertiesComponent()), settings, statusChanges,
                (id, workspace) -> initWorkspace(context, template, id),
                new SecretEnvironment(context.getRegistry().lookupByNameAndType("secretVault", SecretVault.class)),
                processes, timer, new RegistryAgentBus(context.getRegistry()));
    }

    /** The custom_action dispatch: routes/custom-actions.camel.yaml calls it, and so do control commands. */
    @BindToRegistry(value = "customActions", lazy = true)
    public CustomActions customActions(CamelContext context) {
        return new CustomActions(context, context.createProducerTemplate(), Json.MAPPER);
    }

    @BindToRegistry(value = "agentCommands", lazy = true)
    public AgentCommands agentCommands(@BeanInject("agentRunner") EmbeddedRunner runner,
            @BeanInject("customActions") CustomActions customActions,
            @PropertyInject("hub.zmq.pub.address") String pubAddress) {
        return new AgentCommands(runner, customActions, Json.MAPPER, pubAddress);
    }

    @BindToRegistry(value = "spawnResponder", lazy = true)
    public SpawnResponder spawnResponder(@BeanInject("agentRunner") EmbeddedRunner runner,
            @BeanInject("hubIdentity") HubIdentity hub) {
        return new SpawnResponder(runner, hub);
    }

    @BindToRegistry(value = "agentLauncher", lazy = true)
    public AgentLauncher agentLauncher(@BeanInject("agentRunner") EmbeddedRunner runner) {
        return new AgentLauncher(runner);
    }

    /** A runner has no agentStore: it restores no configuration, the hub does. */
    @BindToRegistry(value = "controlResponder", lazy = true)
    public ControlResponder controlResponder(Registry registry, @BeanInject("agentRunner") EmbeddedRunner runner,
            @BeanInject("agentCommands") AgentCommands commands,
            @BeanInject("heldStatusChanges") HeldStatusChanges statusChanges) {
        return new ControlResponder(runner, commands,
                new RestoredConfigs(registry.lookupByNameAndType("agentStore", AgentStore.class), Json.MAPPER),
                statusChanges);
    }

    /** A runner lists the agents it runs; the hub (with an agentRegistry) lists them all. */
    @BindToRegistry(value = "listAgentsResponder", lazy = true)
    public ListAgentsResponder listAgentsResponder(Registry registry, @BeanInject("agentRunner") EmbeddedRunner runner) {
        AgentRegistry agents = registry.lookupByNameAndType("agentRegistry", AgentRegistry.class);
        return new ListAgentsResponder(agents != null ? agents : runner::list);
    }

    @BindToRegistry(value = "outputQueryResponder", lazy = true)
    public OutputQueryResponder outputQueryResponder(@BeanInject("agentRunner") EmbeddedRunner runner,
            @BeanInject("hubIdentity") HubIdentity hub) {
        return new OutputQueryResponder(runner, hub, outputDefaultLimit);
    }

    @BindToRegistry(value = "batchControlResponder", lazy = true)
    public BatchControlResponder batchControlResponder(Registry registry,
            @BeanInject("agentRunner") EmbeddedRunner runner, @BeanInject("agentCommands") AgentCommands commands) {
        return new BatchControlResponder(runner, commands, command -> {
            // bound by the hub's runners capability; a remote runner has none
            AgentsElsewhere remote = registry.lookupByNameAndType(ELSEWHERE_BEAN, AgentsElsewhere.class);
            if (remote == null) {
                throw AgentFailure.notFound(command.agentId());
            }
            return remote.control(command);
        });
    }

    /** Made now: a bad backend or launch wrapper stops the start, naming the key. */
    @Override
    public void configure(CamelContext context) {
        context.addLifecycleStrategy(new AgentShutdown(
                CamelContextHelper.mandatoryLookup(context, "agentRunner", EmbeddedRunner.class),
                ShutdownPolicy.parse(shutdownPolicy),
                CamelContextHelper.mandatoryLookup(context, "agentProcesses", AgentProcesses.class)));
    }

    /** The keys come from every property source; each value is resolved, so {{env:X}} works. */
    private static AgentBackends backends(PropertiesComponent props) {
        Properties keys = new Properties();
        props.loadProperties(k -> k.startsWith(AgentBackends.PREFIX)).stringPropertyNames()
                .forEach(k -> keys.setProperty(k, property(props, k)));
        return AgentBackends.fromProperties(keys);
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
