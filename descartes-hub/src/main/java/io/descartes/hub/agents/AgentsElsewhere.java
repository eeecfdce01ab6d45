package io.descartes.hub.agents;

import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;

/**
 * Agents this JVM's runner does not hold: on the hub, the ones remote runners run (a batch may name both kinds);
 * on a remote runner, none.
 */
@FunctionalInterface
public interface AgentsElsewhere {

    /** The command's response from where the agent runs; {@link AgentFailure#notFound} when it runs nowhere known. */
    CommandResponse control(ControlCommand command) throws Exception;
}
