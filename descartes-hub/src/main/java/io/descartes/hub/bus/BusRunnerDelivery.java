package io.descartes.hub.bus;

import java.sql.SQLException;

import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.runners.RunnerCandidate;
import io.descartes.hub.runners.RunnerPlacement;
import io.descartes.hub.runners.RunnerRegistry;
import org.apache.camel.Exchange;

/**
 * A delivery to an agent of a remote runner (bean {@code busRunnerDelivery}, route {@code bus-deliver}): sent as a
 * request to the runner's command endpoint (direct:runner-request), addressed to the agent even when it came by topic
 * or channel, since the runner hands it to that agent; the runner's {@code bus_reply} says whether the agent took it.
 */
public final class BusRunnerDelivery {

    private final RunnerRegistry runners;

    public BusRunnerDelivery(RunnerRegistry runners) {
        this.runners = runners;
    }

    /** Addresses the exchange to the runner of the recipient; fails (the delivery stays pending) when none is live. */
    public void toRunner(Exchange exchange) throws SQLException {
        String recipient = exchange.getMessage().getHeader(BusDispatcher.RECIPIENT, String.class);
        RunnerCandidate runner = runners.runnerOf(recipient);
        if (runner == null) {
            throw new IllegalStateException("no live runner runs agent " + recipient);
        }
        exchange.setProperty(RunnerPlacement.RUNNER, runner.id());
        exchange.setProperty(RunnerPlacement.ADDRESS, runner.address());
        exchange.getMessage().setBody(exchange.getMessage().getBody(BusMessage.class).toRecipient(recipient));
    }

    /** The runner's answer: anything but an ok {@code bus_reply} fails the delivery, which stays pending. */
    public void replied(Exchange exchange) {
        Object reply = exchange.getMessage().getBody();
        if (!(reply instanceof BusReply r) || !r.ok()) {
            throw new IllegalStateException("the runner did not hand the delivery over: " + reply);
        }
    }
}
