package io.descartes.hub.agents;

import io.descartes.hub.protocol.SpawnResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Starts reading a spawned agent's output once its spawn_response is recorded (bean
 * {@code agentLauncher}), so its log and status events always follow the row that creates it.
 */
public final class AgentLauncher implements Processor {

    private final EmbeddedRunner runner;

    public AgentLauncher(EmbeddedRunner runner) {
        this.runner = runner;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SpawnResponse response = exchange.getMessage().getMandatoryBody(SpawnResponse.class);
        if (response.success()) {
            runner.launch(response.agentInfo().id());
        }
    }
}
