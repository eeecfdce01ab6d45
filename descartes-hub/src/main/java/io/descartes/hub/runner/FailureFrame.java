package io.descartes.hub.runner;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.descartes.hub.agents.AgentFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A failed response leaves the runner with its failure kind as a second frame (bean {@code failureFrame}), so the
 * hub answers an HTTP caller with the same status as for an embedded agent (404, 409, ...); see RemoteRunnerCall.
 */
final class FailureFrame implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        String failure = exchange.getMessage().getHeader(AgentFailure.HEADER, String.class);
        if (failure != null) {
            byte[] response = exchange.getMessage().getMandatoryBody(byte[].class);
            exchange.getMessage().setBody(List.of(response, failure.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
