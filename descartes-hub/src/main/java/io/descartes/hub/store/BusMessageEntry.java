package io.descartes.hub.store;

/**
 * A bus message to store: its event (the message itself, stored once), the columns the bus routes and queries by,
 * and who gets it. The journal writes the event, the {@code bus_messages} row and one {@code bus_deliveries} row per
 * recipient in one transaction; a re-sent message (same event key) writes nothing.
 *
 * @param audience     who gets it: {@link Audience#RECIPIENT} the recipient, {@link Audience#TOPIC} the topic's
 *                     subscribers, {@link Audience#CHANNEL} the channel's members (never the sender itself)
 * @param expiresAt    epoch ms after which it is not delivered; null: never
 * @param replyDeadline a request's epoch ms by which its response is due; null for other kinds
 * @param answers      a response's or error's request id: that request (sent by this message's recipient) is answered
 */
public record BusMessageEntry(EventEntry event, String id, String kind, String sender, String recipient, String topic,
                              String channel, String requestId, String correlationId, int priority, boolean requiresAck,
                              Audience audience,
                              Long expiresAt, Long replyDeadline, String answers) implements JournalEntry {

    /** Who a message goes to; the route decides (routes/bus.camel.yaml). */
    public enum Audience { RECIPIENT, TOPIC, CHANNEL }

    public BusMessageEntry {
        if (event == null || id == null || kind == null || sender == null || audience == null) {
            throw new IllegalArgumentException("a bus message needs its event, id, kind, sender and audience");
        }
    }

    @Override
    public EventEntry eventEntry() {
        return event;
    }
}
