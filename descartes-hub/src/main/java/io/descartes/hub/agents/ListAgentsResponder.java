package io.descartes.hub.agents;

import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.ListAgentsResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** list_agents_request → list_agents_response (bean {@code listAgentsResponder}): exact status filter, then limit. */
public final class ListAgentsResponder implements Processor {

    private final AgentDirectory directory;

    public ListAgentsResponder(AgentDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ListAgentsRequest request = exchange.getMessage().getMandatoryBody(ListAgentsRequest.class);
        long limit = request.limit() == null ? Long.MAX_VALUE : request.limit();
        exchange.getMessage().setBody(new ListAgentsResponse(request.requestId(), true,
                directory.list(request.filterStatus(), limit), null));
    }
}
