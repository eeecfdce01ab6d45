package io.descartes.hub.metrics;

import java.time.Duration;

import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ProtocolErrors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Last route step before a ZMQ reply is marshalled: reply latency by endpoint, and refusals by
 * their error code (a {@code command_response} with the all-zero agent id and {@code data.code}).
 */
public final class ReplyMeter implements Processor {

    private final HubMeters meters;

    public ReplyMeter(HubMeters meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        meters.replied(exchange.getFromRouteId(), Duration.ofMillis(exchange.getClock().elapsed()));
        if (exchange.getMessage().getBody() instanceof CommandResponse r && !r.success()
                && ProtocolErrors.NO_AGENT.equals(r.agentId()) && r.data() != null && r.data().has("code")) {
            meters.refused(r.data().get("code").asText());
        }
    }
}
