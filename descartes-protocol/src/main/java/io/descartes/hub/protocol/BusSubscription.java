package io.descartes.hub.protocol;

/**
 * Hub extension {@code bus_subscription} (peer → hub): {@code address} subscribes to or unsubscribes from topic
 * {@code name}, or joins or leaves channel {@code name}. The peer must have attached {@code address}.
 */
public record BusSubscription(String address, BusMembershipAction action, String name) implements ZmqMessage {

    @Override
    public String naturalKey() {
        return type() + "/" + address + "/" + action.wire() + "/" + name;
    }

    @Override
    public MessageType messageType() {
        return MessageType.BUS_SUBSCRIPTION;
    }
}
