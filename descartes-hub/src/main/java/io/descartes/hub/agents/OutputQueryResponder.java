package io.descartes.hub.agents;

import java.util.List;

import io.descartes.hub.commands.FailureResponses;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.protocol.OutputQueryRequest;
import io.descartes.hub.protocol.OutputQueryResponse;
import io.descartes.hub.protocol.ZmqOutputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * output_query_request → output_query_response (bean {@code outputQueryResponder}): the buffered
 * lines of the stream(s), regex-filtered ({@link OutputFilter}), then the offset/limit page;
 * total_lines counts the filtered lines.
 */
public final class OutputQueryResponder implements Processor {

    private final EmbeddedRunner runner;
    private final HubIdentity hub;
    private final int defaultLimit;

    public OutputQueryResponder(EmbeddedRunner runner, HubIdentity hub, int defaultLimit) {
        this.runner = runner;
        this.hub = hub;
        this.defaultLimit = defaultLimit;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        OutputQueryRequest request = exchange.getMessage().getMandatoryBody(OutputQueryRequest.class);
        try {
            RunningAgent agent = runner.get(request.agentId());
            OutputFilter filter = request.filter() == null ? null : filter(request.filter());
            ZmqOutputStream stream = request.stream() == null ? ZmqOutputStream.BOTH : request.stream();
            List<String> lines = agent.output().lines(l -> (stream == ZmqOutputStream.BOTH
                    || l.stream().wire().equals(stream.wire()))
                    && (filter == null || filter.test(l.text())));
            int from = (int) Math.min(lines.size(), request.offset() == null ? 0 : request.offset());
            int to = (int) Math.min(lines.size(), from + (request.limit() == null ? defaultLimit : request.limit()));
            exchange.getMessage().setBody(new OutputQueryResponse(request.requestId(), request.agentId(), true,
                    List.copyOf(lines.subList(from, to)), (long) lines.size(), to < lines.size(), null));
        } catch (AgentFailure e) {
            e.mark(exchange);
            exchange.getMessage().setBody(FailureResponses.of(request, e.getMessage(), hub));
        }
    }

    private static OutputFilter filter(String regex) {
        try {
            return OutputFilter.of(regex);
        } catch (IllegalArgumentException e) {
            throw AgentFailure.invalid("invalid filter regex: " + e.getMessage());
        }
    }
}
