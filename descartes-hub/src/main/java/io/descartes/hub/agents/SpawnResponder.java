package io.descartes.hub.agents;

import io.descartes.hub.commands.FailureResponses;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * spawn_request → spawn_response (bean {@code spawnResponder}): starts the process and leaves the
 * agents row's metadata on the exchange for the recorder.
 */
public final class SpawnResponder implements Processor {

    private final EmbeddedRunner runner;
    private final HubIdentity hub;

    public SpawnResponder(EmbeddedRunner runner, HubIdentity hub) {
        this.runner = runner;
        this.hub = hub;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SpawnRequest request = exchange.getMessage().getMandatoryBody(SpawnRequest.class);
        try {
            RunningAgent agent = runner.spawn(request.config(), request.metadata());
            exchange.setProperty(RunningAgent.REGISTRY_METADATA, agent.registryMetadata());
            exchange.getMessage().setBody(new SpawnResponse(request.requestId(), true, agent.info(), null,
                    hub.serverId()));
        } catch (Exception e) {
            AgentFailure failure = AgentFailure.of(e);
            failure.mark(exchange);
            exchange.getMessage().setBody(FailureResponses.of(request, failure.getMessage(), hub));
        }
    }
}
