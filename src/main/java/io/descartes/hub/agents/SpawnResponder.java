package io.descartes.hub.agents;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.commands.FailureResponses;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * spawn_request → spawn_response (bean {@code spawnResponder}): starts the process and leaves the
 * registry metadata (backend, task, workspace, pid) in {@value #METADATA} for the recorder.
 */
public final class SpawnResponder implements Processor {

    /** Exchange property: JSON text of the agents row's metadata, read by FrameRecorder. */
    public static final String METADATA = "DescartesAgentMetadata";

    private final EmbeddedRunner runner;
    private final HubIdentity hub;
    private final ObjectMapper json;

    public SpawnResponder(EmbeddedRunner runner, HubIdentity hub, ObjectMapper json) {
        this.runner = runner;
        this.hub = hub;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SpawnRequest request = exchange.getMessage().getMandatoryBody(SpawnRequest.class);
        try {
            RunningAgent agent = runner.spawn(request.config());
            exchange.setProperty(METADATA, json.writeValueAsString(json.createObjectNode()
                    .put("backend", request.config().modelBackend())
                    .put("task", request.config().task())
                    .put("workspace", agent.workspace().toString())
                    .put("pid", agent.pid())));
            exchange.getMessage().setBody(new SpawnResponse(request.requestId(), true, agent.info(), null,
                    hub.serverId()));
        } catch (Exception e) {
            AgentFailure failure = AgentFailure.of(e);
            failure.mark(exchange);
            exchange.getMessage().setBody(FailureResponses.of(request, failure.getMessage(), hub));
        }
    }
}
