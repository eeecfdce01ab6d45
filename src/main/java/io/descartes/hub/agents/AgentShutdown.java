package io.descartes.hub.agents;


/**
 * Applies the shutdown policy when the CamelContext starts stopping: before the routes stop, so the
 * agents' final statuses are still recorded and broadcast like any other event.
 */
public final class AgentShutdown extends ContextStoppingNotifier {

    private final EmbeddedRunner runner;
    private final ShutdownPolicy policy;

    public AgentShutdown(EmbeddedRunner runner, ShutdownPolicy policy) {
        this.runner = runner;
        this.policy = policy;
    }

    @Override
    protected void onStopping() throws InterruptedException {
        runner.shutdown(policy);
    }
}
