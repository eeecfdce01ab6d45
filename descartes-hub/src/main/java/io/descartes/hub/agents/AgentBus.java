package io.descartes.hub.agents;

import java.util.UUID;

/**
 * The message bus as an agent with a stdio bridge ({@code hub.agents.backends.<name>.bus = jsonl}) sees it: the hub's
 * bus on the hub, the runner's link to the hub on a runner. An agent's bus address is its id. The bridge speaks JSON
 * lines marked with {@link #MARK}: the agent prints them on stdout to send, and reads deliveries (and the hub's
 * refusals of its lines) as such lines on stdin; unmarked output stays the agent's output.
 */
public interface AgentBus {

    /** The prefix of a bus line, followed by one JSON object. */
    String MARK = "@bus ";

    /** The agent's output is read from now on: deliveries for its address go to its stdin. */
    void joined(UUID agentId);

    /** One marked line the agent printed, without the mark. */
    void said(UUID agentId, String json);

    /** The agent's process ended: its deliveries wait (or expire) until it is back. */
    void left(UUID agentId);
}
