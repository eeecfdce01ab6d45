package io.descartes.hub.timetravel;

import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

import io.descartes.hub.runners.RunnerRegistry;
import io.descartes.hub.runners.RunnerStore;
import org.apache.camel.ProducerTemplate;

/**
 * Where an agent's workspace is (bean {@code agentWorkspaces}): on the remote runner it was placed on (the
 * {@code runner_agents} row), else under the hub's own {@link WorkspaceRoot}; and the per-agent lock that keeps
 * this hub's snapshots and rewinds of one agent apart, wherever its workspace is.
 */
public final class AgentWorkspaces {

    private final WorkspaceRoot local;
    private final RunnerStore placements;
    private final RunnerRegistry runners;
    private final ProducerTemplate template;

    public AgentWorkspaces(WorkspaceRoot local, RunnerStore placements, RunnerRegistry runners, ProducerTemplate template) {
        this.local = local;
        this.placements = placements;
        this.runners = runners;
        this.template = template;
    }

    /** The agent's workspace; the id must be a safe one ({@link WorkspaceRoot#isSafeId}). */
    public Workspace of(String agentId) throws SQLException {
        String runnerId = placements.runnerOf(agentId);
        return runnerId == null ? new LocalWorkspace(local.of(agentId))
                : new RemoteWorkspace(agentId, runnerId, runners, template);
    }

    public ReentrantLock lock(String agentId) {
        return local.lock(agentId);
    }
}
