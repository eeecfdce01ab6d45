package io.descartes.hub.timetravel;

import io.descartes.hub.protocol.DescartesHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code workspaceInitializer} behind {@code direct:workspace-init}: makes
 * {@code hub.agents.workspace-root}/&lt;agent id&gt; a git repository (idempotent). The agents
 * capability sends to that route at spawn with header {@value DescartesHeaders#AGENT_ID}; the body becomes the
 * workspace path, for the process's working directory.
 */
public final class WorkspaceInitializer implements Processor {

    private final WorkspaceRoot workspaces;

    public WorkspaceInitializer(WorkspaceRoot workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String agentId = exchange.getMessage().getHeader(DescartesHeaders.AGENT_ID, String.class);
        if (agentId == null) {
            throw new IllegalArgumentException("workspace init needs header " + DescartesHeaders.AGENT_ID);
        }
        AgentWorkspace workspace = workspaces.of(agentId);
        workspace.init();
        exchange.getMessage().setBody(workspace.dir().toAbsolutePath().toString());
    }
}
