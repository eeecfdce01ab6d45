package io.descartes.hub.runner;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import io.descartes.hub.agents.AgentBackends;
import io.descartes.hub.boot.DeclaredKeys;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.commands.UnservedRequestReply;
import io.descartes.hub.timetravel.WorkspaceRequests;
import io.descartes.hub.timetravel.WorkspaceRoot;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The runner process itself, configured first ({@link RunnerApplication#CONFIGURATIONS}): it refuses unknown
 * settings, answers under its runner id, stands in for the hub-only steps routes/agents.camel.yaml passes through,
 * and does the git work of time travel on its agents' workspaces for the hub.
 */
public class RunnerConfiguration implements CamelConfiguration {

    /** The id the runner registers under and answers as: hub.runner.id, else a new one per start. */
    @BindToRegistry(value = "hubIdentity", lazy = true)
    public HubIdentity hubIdentity(@PropertyInject("hub.runner.id") String runnerId,
            @PropertyInject("hub.protocol-version") String protocolVersion) {
        String id = runnerId.isBlank() ? "runner-" + UUID.randomUUID() : runnerId.trim();
        return HubIdentity.of(id, protocolVersion, Clock.systemUTC());
    }

    @BindToRegistry(value = "unservedRequestReply", lazy = true)
    public UnservedRequestReply unservedRequestReply(@BeanInject("hubIdentity") HubIdentity identity) {
        return new UnservedRequestReply(identity);
    }

    /** The hub placed the request here already: the runner serves everything it is sent itself. */
    @BindToRegistry(value = "runnerPlacement", lazy = true)
    public PlacedHere runnerPlacement() {
        return new PlacedHere();
    }

    /** The agents' workspaces here, with the per-agent lock that serialises the git work the hub asks for. */
    @BindToRegistry(value = "workspaceRoot", lazy = true)
    public WorkspaceRoot workspaceRoot(@PropertyInject("hub.agents.workspace-root") String root) {
        return new WorkspaceRoot(Path.of(root));
    }

    /** The hub's workspace_request: snapshots and rewinds of this runner's agents, done here. */
    @BindToRegistry(value = "workspaceRequests", lazy = true)
    public WorkspaceRequests workspaceRequests(@BeanInject("workspaceRoot") WorkspaceRoot root) {
        return new WorkspaceRequests(root);
    }

    /** agents.camel.yaml times each agent event's ack; a runner has no /observe/metrics to show it. */
    @BindToRegistry(value = "replyMeter", lazy = true)
    public Processor replyMeter() {
        return exchange -> { };
    }

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent props = context.getPropertiesComponent();
        DeclaredKeys declared = DeclaredKeys.of(props, AgentBackends.PREFIX);
        declared.requireKnown(props, System.getProperties(), System.getenv());
        declared.requireDeclaredKinds(props);
    }
}
