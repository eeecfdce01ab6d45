package io.descartes.hub.agents;

/**
 * Applies the shutdown policy when the CamelContext starts stopping: before the routes stop, so the
 * agents' final statuses are still recorded and broadcast like any other event. Then the process starter
 * ends, and with it (their parent-death signal) any agent the policy left running.
 */
public final class AgentShutdown extends ContextStoppingHook {

    private final EmbeddedRunner runner;
    private final ShutdownPolicy policy;
    private final AgentProcesses processes;

    public AgentShutdown(EmbeddedRunner runner, ShutdownPolicy policy, AgentProcesses processes) {
        this.runner = runner;
        this.policy = policy;
        this.processes = processes;
    }

    @Override
    protected void onStopping() throws InterruptedException {
        try {
            runner.shutdown(policy);
        } finally {
            processes.close();
        }
    }
}
