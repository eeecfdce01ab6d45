package io.descartes.hub.runner;

/**
 * Bean {@code runnerPlacement} on a runner: the hub already placed every request it sends here, so agent-requests
 * (routes/agents.camel.yaml) keeps its default placement, this runner's embedded runner, and never takes the
 * "none" branch that calls {@link #refusal}. The methods are those the route names (Camel checks them at start).
 */
public final class PlacedHere {

    public void spawn() {
        // placed by the hub
    }

    public void agentCommand() {
        // placed by the hub
    }

    public void refusal() {
        throw new IllegalStateException("a runner refuses no spawn the hub placed on it");
    }
}
