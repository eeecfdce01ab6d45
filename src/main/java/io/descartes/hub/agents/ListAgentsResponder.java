package io.descartes.hub.agents;

import java.util.List;

import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.ListAgentsResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** list_agents_request → list_agents_response (bean {@code listAgentsResponder}): exact status filter, then limit. */
public final class ListAgentsResponder implements Processor {

    private final EmbeddedRunner runner;

    public ListAgentsResponder(EmbeddedRunner runner) {
        this.runner = runner;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ListAgentsRequest request = exchange.getMessage().getMandatoryBody(ListAgentsRequest.class);
        long limit = request.limit() == null ? Long.MAX_VALUE : request.limit();
        List<AgentInfo> agents = runner.agents().stream().map(RunningAgent::info)
                .filter(a -> request.filterStatus() == null || a.status() == request.filterStatus())
                .limit(limit).toList();
        exchange.getMessage().setBody(new ListAgentsResponse(request.requestId(), true, agents, null));
    }
}
