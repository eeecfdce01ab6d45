package io.descartes.hub.agents;

import java.util.List;

import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;

/**
 * Where list_agents_request finds agents: the registry on the hub (every agent, embedded and remote, across
 * restarts), the runner's own agents on a remote runner (it has no database).
 */
@FunctionalInterface
public interface AgentDirectory {

    /** Oldest first; of one status when {@code status} is not null; at most {@code limit}. */
    List<AgentInfo> list(AgentStatus status, long limit) throws Exception;
}
