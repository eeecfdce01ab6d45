package io.descartes.hub.runners;

import java.util.HexFormat;

import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Who sent a frame on the runner link, as far as the hub can tell: the CURVE public key the peer authenticated with,
 * or without CURVE the ROUTER routing id of its connection (no other connection can take it while this one is up,
 * but it ends with the connection, so it is never stored). Runners and agents are bound to the peer that registered
 * or first reported them ({@link RunnerRegistry}, {@link AgentOwners}).
 *
 * @param id the Z85 key, or "routing id " and the hex of the routing id: the two can never be equal
 * @param durable whether the identity outlives the connection (a key), so that it may be stored
 */
public record LinkPeer(String id, boolean durable) {

    /** Exchange property the {@code linkPeer} step sets on every runner-link frame. */
    public static final String PROPERTY = "DescartesLinkPeer";

    /** The {@code linkPeer} step: reads the sender from what the consumer set, never from the frame. */
    public static final Processor STEP = exchange -> exchange.setProperty(PROPERTY, of(exchange));

    /** Plain casts, no type converter: this runs for every frame on the link. */
    static LinkPeer of(Exchange exchange) {
        Message message = exchange.getMessage();
        String key = (String) message.getHeader(ZmqConstants.USER_ID);
        if (key != null) {
            return new LinkPeer(key, true);
        }
        byte[] routingId = (byte[]) message.getHeader(ZmqConstants.IDENTITY);
        return new LinkPeer("routing id " + (routingId == null ? "none" : HexFormat.of().formatHex(routingId)), false);
    }

    /** The key to store, or null when the identity ends with the connection. */
    String storedKey() {
        return durable ? id : null;
    }

    /** Names the peer in a log line without quoting a key in full. */
    String shortName() {
        return durable ? "key " + id.substring(0, Math.min(8, id.length())) + "…" : id;
    }
}
