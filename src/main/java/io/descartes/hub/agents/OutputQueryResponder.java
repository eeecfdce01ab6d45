package io.descartes.hub.agents;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.descartes.hub.commands.FailureResponses;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.protocol.OutputQueryRequest;
import io.descartes.hub.protocol.OutputQueryResponse;
import io.descartes.hub.protocol.ZmqOutputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * output_query_request → output_query_response (bean {@code outputQueryResponder}): the buffered
 * lines of the stream(s), regex-filtered (find anywhere in the line), then the offset/limit page;
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
            Pattern filter = request.filter() == null ? null : compile(request.filter());
            ZmqOutputStream stream = request.stream() == null ? ZmqOutputStream.BOTH : request.stream();
            List<String> lines = agent.output().lines(l -> (stream == ZmqOutputStream.BOTH
                    || l.stream().wire().equals(stream.wire()))
                    && (filter == null || filter.matcher(l.text()).find()));
            int from = (int) Math.min(lines.size(), request.offset() == null ? 0 : request.offset());
            int to = (int) Math.min(lines.size(), from + (request.limit() == null ? defaultLimit : request.limit()));
            exchange.getMessage().setBody(new OutputQueryResponse(request.requestId(), request.agentId(), true,
                    List.copyOf(lines.subList(from, to)), (long) lines.size(), to < lines.size(), null));
        } catch (AgentFailure e) {
            e.mark(exchange);
            exchange.getMessage().setBody(FailureResponses.of(request, e.getMessage(), hub));
        }
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw AgentFailure.invalid("invalid filter regex: " + e.getDescription());
        }
    }
}
