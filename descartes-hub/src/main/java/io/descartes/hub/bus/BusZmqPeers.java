package io.descartes.hub.bus;

import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

import io.descartes.hub.protocol.BusAttach;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.BusSubscription;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a ZeroMQ peer may do on the bus (bean {@code busZmqPeers}, routes/bus.camel.yaml): attach an address, change
 * that address's subscriptions and channels, and send as it. The peer is its CURVE key, else its connection.
 */
public final class BusZmqPeers {

    private static final Logger LOG = LoggerFactory.getLogger(BusZmqPeers.class);

    private final BusAddresses addresses;
    private final BusMemberships memberships;
    private final BusDispatcher dispatcher;

    public BusZmqPeers(BusAddresses addresses, BusMemberships memberships, BusDispatcher dispatcher) {
        this.addresses = addresses;
        this.memberships = memberships;
        this.dispatcher = dispatcher;
    }

    /**
     * {@code bus_attach}: deliveries for the address go to this connection from now on, what waited first, and what
     * an earlier connection never acknowledged again.
     */
    public void attach(Exchange exchange) {
        BusAttach attach = exchange.getMessage().getBody(BusAttach.class);
        String address = BusNames.address("address", attach.address());
        if (BusMessages.HUB.equals(address)) {
            throw BusRefusal.forbidden("bus address '" + BusMessages.HUB + "' is the hub's own");
        }
        String userId = exchange.getMessage().getHeader(ZmqConstants.USER_ID, String.class);
        @SuppressWarnings("unchecked")
        List<byte[]> routing = exchange.getMessage().getHeader(ZmqConstants.ENVELOPE, List.class);
        dispatcher.attach(new BusAddresses.Attachment(address, principal(exchange), userId != null, routing,
                Boolean.TRUE.equals(exchange.getMessage().getHeader(ZmqConstants.DELIMITER, Boolean.class)),
                BusAddresses.ZMQ));
        exchange.getMessage().setBody(BusReply.done(address));
    }

    /**
     * The peer's connection ended (the command endpoint's disconnect notice) without detaching: its addresses detach,
     * so what is sent to them waits, pending, until they attach again instead of going to a connection nobody reads.
     */
    public void gone(Exchange exchange) {
        List<String> gone = addresses.detachConnection(exchange.getMessage().getHeader(ZmqConstants.IDENTITY, byte[].class));
        if (!gone.isEmpty()) {
            LOG.debug("bus: {} detached, their connection ended", gone);
        }
    }

    /** {@code bus_subscription} for an address this peer attached. */
    public void subscription(Exchange exchange) throws SQLException {
        BusSubscription change = exchange.getMessage().getBody(BusSubscription.class);
        requireHeld(exchange, change.address());
        memberships.change(change.action(), change.name(), change.address());
        exchange.getMessage().setBody(BusReply.done(change.address()));
    }

    /** A {@code bus_message} goes on only when this peer attached its sender. */
    public void sender(Exchange exchange) {
        requireHeld(exchange, exchange.getMessage().getBody(BusMessage.class).sender());
    }

    private void requireHeld(Exchange exchange, String address) {
        if (!addresses.heldBy(address, principal(exchange))) {
            throw BusRefusal.forbidden("this connection has not attached bus address '" + address
                    + "': send bus_attach first");
        }
    }

    private static String principal(Exchange exchange) {
        String userId = exchange.getMessage().getHeader(ZmqConstants.USER_ID, String.class);
        return userId != null ? userId
                : HexFormat.of().formatHex(exchange.getMessage().getHeader(ZmqConstants.IDENTITY, byte[].class));
    }
}
