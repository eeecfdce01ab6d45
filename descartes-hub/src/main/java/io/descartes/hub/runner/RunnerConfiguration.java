package io.descartes.hub.runner;

import static io.descartes.hub.boot.HubProperties.intProperty;
import static io.descartes.hub.boot.HubProperties.property;

import java.time.Clock;
import java.util.UUID;

import io.descartes.hub.agents.AgentBackends;
import io.descartes.hub.agents.AgentBeans;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.boot.DeclaredKeys;
import io.descartes.hub.boot.ReadyBanner;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.commands.UnservedRequestReply;
import io.descartes.hub.curve.RunnerCurve;
import io.descartes.hub.protocol.DescartesMsgpackDataFormat;
import io.descartes.hub.protocol.DescartesReplyDataFormat;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.runners.BackendNames;
import io.descartes.hub.runners.Labels;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;

/**
 * The runner's beans: the agents capability exactly as the hub binds it (its events leave through
 * routes/runner/runner.camel.yaml instead of the database) and the runner's link to the hub.
 */
public class RunnerConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent props = context.getPropertiesComponent();
        DeclaredKeys.of(props, AgentBackends.PREFIX).requireKnown(props, System.getProperties(), System.getenv());
        Registry registry = context.getRegistry();
        String runnerId = props.resolveProperty("hub.runner.id").filter(id -> !id.isBlank()).map(String::trim)
                .orElse("runner-" + UUID.randomUUID());
        HubIdentity identity = HubIdentity.of(runnerId, property(props, "hub.protocol-version"), Clock.systemUTC());
        registry.bind("hubIdentity", identity);
        int maxMessageSize = intProperty(props, "hub.protocol.max-message-size");
        DescartesMsgpackDataFormat dataFormat = new DescartesMsgpackDataFormat();
        dataFormat.setMaxSize(maxMessageSize);
        registry.bind(DescartesMsgpackDataFormat.NAME, dataFormat);
        DescartesReplyDataFormat replies = new DescartesReplyDataFormat();
        replies.setMaxSize(maxMessageSize);
        registry.bind(DescartesReplyDataFormat.REPLY_NAME, replies);
        registry.bind("unservedRequestReply", new UnservedRequestReply(identity));

        RunnerCurve.configure(context);
        AgentBeans.bind(context);
        // the hub placed the request here already: the runner serves everything it is sent itself
        registry.bind("runnerPlacement", new PlacedHere());
        // agents.camel.yaml times each agent event's ack; a runner has no /observe/metrics to show it
        registry.bind("replyMeter", (Processor) exchange -> { });
        registry.bind("failureFrame", new FailureFrame());
        registry.bind("hubRefusal", new HubRefusal());
        RunnerLink link = new RunnerLink(new RunnerRegister(runnerId, property(props, "hub.runner.command-address"),
                intProperty(props, "hub.agents.max-agents"),
                Labels.parse("hub.runner.labels", props.resolveProperty("hub.runner.labels").orElse("")),
                BackendNames.configured(props)), registry.lookupByNameAndType("agentRunner", EmbeddedRunner.class));
        registry.bind("runnerLink", link);
        // added after AgentBeans' shutdown notifier, so the agents' final statuses reach the hub first
        context.getManagementStrategy().addEventNotifier(new RunnerUnregistration(context, link));
        context.addStartupListener(new ReadyBanner());
    }
}
