package io.descartes.hub.runners;

import io.descartes.hub.agents.AgentFailure;
import io.descartes.hub.agents.AgentsElsewhere;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * A control command for an agent of a remote runner, sent through the same route as any request placed there
 * (direct:runner-request, bean {@code agentsElsewhere}): a batch naming remote agents reaches each on its runner.
 */
public final class RemoteAgentControl implements AgentsElsewhere {

    private static final String RUNNER_REQUEST = "direct:runner-request";

    private final RunnerRegistry registry;
    private final ProducerTemplate template;

    public RemoteAgentControl(RunnerRegistry registry, ProducerTemplate template) {
        this.registry = registry;
        this.template = template;
    }

    @Override
    public CommandResponse control(ControlCommand command) throws Exception {
        RunnerCandidate runner = registry.runnerOf(command.agentId().toString());
        if (runner == null) {
            throw AgentFailure.notFound(command.agentId());
        }
        Exchange done = template.send(RUNNER_REQUEST, exchange -> {
            exchange.setProperty(RunnerPlacement.RUNNER, runner.id());
            exchange.setProperty(RunnerPlacement.ADDRESS, runner.address());
            exchange.getMessage().setBody(command);
        });
        if (done.getException() != null) {
            throw done.getException();
        }
        return done.getMessage().getMandatoryBody(CommandResponse.class);
    }
}
