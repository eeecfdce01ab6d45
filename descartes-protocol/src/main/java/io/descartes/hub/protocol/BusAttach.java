package io.descartes.hub.protocol;

/**
 * Hub extension {@code bus_attach} (peer → hub, command endpoint): this connection is bus address {@code address};
 * the hub delivers that address's messages on it and lets it send as that address. With CURVE, an address belongs to
 * the key that attached it first, for the hub's lifetime.
 */
public record BusAttach(String address) implements ZmqMessage {

    @Override
    public String naturalKey() {
        return type() + "/" + address;
    }

    @Override
    public MessageType messageType() {
        return MessageType.BUS_ATTACH;
    }
}
