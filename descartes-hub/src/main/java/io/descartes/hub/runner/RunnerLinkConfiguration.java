package io.descartes.hub.runner;

import io.descartes.hub.agents.AgentBus;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.boot.ReadyBanner;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.runners.BackendNames;
import io.descartes.hub.runners.Labels;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;

/**
 * The runner's link to the hub (routes/runner/runner.camel.yaml): its registration, its agents' bus traffic, and the
 * refusals and failures it reports. Configured after the agents capability, so the agents' final statuses reach the hub before the
 * runner unregisters.
 */
public class RunnerLinkConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "runnerLink", lazy = true)
    public RunnerLink runnerLink(CamelContext context, @BeanInject("hubIdentity") HubIdentity identity,
            @BeanInject("agentRunner") EmbeddedRunner runner,
            @PropertyInject("hub.runner.command-address") String commandAddress,
            @PropertyInject("hub.agents.max-agents") int maxAgents, @PropertyInject("hub.runner.labels") String labels) {
        return new RunnerLink(new RunnerRegister(identity.serverId(), commandAddress, maxAgents,
                Labels.parse("hub.runner.labels", labels), BackendNames.configured(context.getPropertiesComponent())),
                runner);
    }

    @BindToRegistry(value = "runnerBus", lazy = true)
    public RunnerBus runnerBus(CamelContext context, @BeanInject("agentRunner") EmbeddedRunner runner,
            @PropertyInject("hub.bus.default-priority") int defaultPriority) {
        return new RunnerBus(runner, context.createProducerTemplate(), defaultPriority,
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "runner-bus-attach"));
    }

    /** The agents whose backend sets {@code bus = jsonl} reach the hub's bus over the runner link. */
    @BindToRegistry(value = "agentBus", lazy = true)
    public AgentBus agentBus(@BeanInject("runnerBus") RunnerBus bus) {
        return bus;
    }

    @BindToRegistry(value = "failureFrame", lazy = true)
    public FailureFrame failureFrame() {
        return new FailureFrame();
    }

    @BindToRegistry(value = "hubRefusal", lazy = true)
    public HubRefusal hubRefusal() {
        return new HubRefusal();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        // added after the agents' shutdown hook, so their final statuses reach the hub first
        context.addLifecycleStrategy(new RunnerUnregistration(context,
                CamelContextHelper.mandatoryLookup(context, "runnerLink", RunnerLink.class)));
        context.addStartupListener(new ReadyBanner());
    }
}
