package io.descartes.hub.timetravel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code workspaceInitializer} behind {@code direct:workspace-init}: makes
 * {@code hub.agents.workspace-root}/&lt;agent id&gt; a git repository (idempotent). The agents
 * capability sends to that route at spawn with header {@value #AGENT_ID}; the body becomes the
 * workspace path, for the process's working directory.
 */
public final class WorkspaceInitializer implements Processor {

    public static final String AGENT_ID = "DescartesAgentId";

    private final WorkspaceRoot workspaces;

    public WorkspaceInitializer(WorkspaceRoot workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String agentId = exchange.getMessage().getHeader(AGENT_ID, String.class);
        if (agentId == null) {
            throw new IllegalArgumentException("workspace init needs header " + AGENT_ID);
        }
        AgentWorkspace workspace = workspaces.of(agentId);
        workspace.init();
        exchange.getMessage().setBody(workspace.dir().toAbsolutePath().toString());
    }
}
