package io.descartes.hub.bus;

import java.sql.SQLException;
import java.util.UUID;

import io.descartes.hub.protocol.BusAttach;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.BusSubscription;
import io.descartes.hub.runners.LinkPeer;
import io.descartes.hub.runners.RunnerCandidate;
import io.descartes.hub.runners.RunnerRegistry;
import org.apache.camel.Exchange;

/**
 * What a remote runner may do on the bus over its runner link (bean {@code busRunnerPeers}, route {@code bus-runner}):
 * the same as a ZeroMQ peer, but only as the agents placed on it (README "Security model"): each address must be the
 * id of an agent the hub placed on the live runner this link's peer speaks for. Deliveries to such an address go to the
 * runner ({@link BusRunnerDelivery}).
 */
public final class BusRunnerPeers {

    private final BusMemberships memberships;
    private final BusDispatcher dispatcher;
    private final RunnerRegistry runners;

    public BusRunnerPeers(BusMemberships memberships, BusDispatcher dispatcher, RunnerRegistry runners) {
        this.memberships = memberships;
        this.dispatcher = dispatcher;
        this.runners = runners;
    }

    /** {@code bus_attach} of one of the runner's agents: what waited for it, and what it never acked, goes out now. */
    public void attach(Exchange exchange) throws SQLException {
        String address = exchange.getMessage().getBody(BusAttach.class).address();
        String runner = placedOn(exchange, address);
        dispatcher.attach(new BusAddresses.Attachment(address, BusAddresses.RUNNER + " " + runner, true, null, false,
                BusAddresses.RUNNER));
        exchange.getMessage().setBody(BusReply.done(address));
    }

    public void subscription(Exchange exchange) throws SQLException {
        BusSubscription change = exchange.getMessage().getBody(BusSubscription.class);
        placedOn(exchange, change.address());
        memberships.change(change.action(), change.name(), change.address());
        exchange.getMessage().setBody(BusReply.done(change.address()));
    }

    /** A {@code bus_message} goes on only when its sender is one of the runner's agents. */
    public void sender(Exchange exchange) throws SQLException {
        placedOn(exchange, exchange.getMessage().getBody(BusMessage.class).sender());
    }

    /** The runner the agent is placed on, when this link's peer speaks for it; {@code forbidden} otherwise. */
    private String placedOn(Exchange exchange, String address) throws SQLException {
        LinkPeer peer = exchange.getProperty(LinkPeer.PROPERTY, LinkPeer.class);
        RunnerCandidate runner = agentId(address) ? runners.runnerOf(address) : null;
        if (runner == null || !runners.speaksFor(runner.id(), peer)) {
            throw BusRefusal.forbidden("a runner is on the bus only as the agents placed on it, and '" + address
                    + "' is not one of this runner's");
        }
        return runner.id();
    }

    private static boolean agentId(String address) {
        try {
            return UUID.fromString(address).toString().equals(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
