package io.descartes.hub.protocol;

/**
 * Hub extension {@code event_ack} (PROTOCOL §12.5): an event was stored (or already had been) under {@code eventId}.
 */
public record EventAck(String key, long eventId, boolean duplicate) implements ZmqMessage {

    @Override
    public String naturalKey() {
        return type() + "/" + key;
    }

    @Override
    public MessageType messageType() {
        return MessageType.EVENT_ACK;
    }
}
