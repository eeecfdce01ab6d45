package io.descartes.hub.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.descartes.hub.protocol.BusAttach;
import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.BusMembershipAction;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.BusSubscription;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.testing.DescartesPeer;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bus participant over ZeroMQ, as an agent that speaks the protocol would be: one DEALER, one address. */
final class BusPeer implements AutoCloseable {

    private final DescartesPeer peer;
    final String address;

    private BusPeer(DescartesPeer peer, String address) {
        this.peer = peer;
        this.address = address;
    }

    /** Connects with the hub's local client key and attaches {@code address}. */
    static BusPeer attach(String endpoint, String address) {
        return attach(new DescartesPeer(endpoint), address);
    }

    static BusPeer attach(DescartesPeer peer, String address) {
        BusPeer bus = new BusPeer(peer, address);
        BusReply reply = bus.call(new BusAttach(address));
        assertTrue(reply.ok(), reply.toString());
        return bus;
    }

    /** Sends and returns the hub's bus_reply (deliveries that arrive meanwhile would fail the cast: receive them first). */
    BusReply call(ZmqMessage message) {
        return assertInstanceOf(BusReply.class, peer.call(message));
    }

    /** Sends without waiting for the reply (pipelined: read the replies later, or never). */
    void send(ZmqMessage message) {
        peer.send(message);
    }

    BusReply subscribe(BusMembershipAction action, String name) {
        return call(new BusSubscription(address, action, name));
    }

    /** The next thing the hub sends this peer, which must be a delivery. */
    BusMessage delivery() {
        return assertInstanceOf(BusMessage.class, peer.receive());
    }

    /** The next delivery if one comes within a second, else null. */
    BusMessage deliveryIfAny() {
        ZmqMessage next = peer.receiveWithin(1000);
        return next == null ? null : assertInstanceOf(BusMessage.class, next);
    }

    static BusMessage message(String id, BusKind kind, String sender, String recipient, String topic, String channel,
                              String replyTo, long priority, boolean requiresAck, Long ttlSecs, WireTime timestamp) {
        return new BusMessage(id, kind, sender, recipient, topic, channel, replyTo, "conv-" + id, payload(id), priority,
                timestamp, 0, requiresAck, ttlSecs);
    }

    static BusMessage direct(String id, String sender, String recipient) {
        return message(id, BusKind.DIRECT, sender, recipient, null, null, null, 50, false, null, WireTime.now());
    }

    static JsonNode payload(String text) {
        return JsonNodeFactory.instance.objectNode().put("text", text);
    }

    @Override
    public void close() {
        peer.close();
    }
}
