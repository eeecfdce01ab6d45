package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Hub extension {@code bus_message}: one message of the inter-agent bus (seed 001), in both directions on the command
 * endpoint: a peer sends it to the hub, the hub delivers it to each recipient. Ids are unique per sender: the same
 * {@code (sender, id)} sent again is a duplicate, stored once.
 *
 * @param replyTo       on the wire {@code request_id}: on a response or an ack, the id of the request or message it
 *                      answers
 * @param correlationId free tracking id across a conversation, kept and queryable
 * @param priority      0–100, higher first among a recipient's waiting messages
 * @param attempts      on a delivery, which attempt this is (1 the first)
 * @param ttlSecs       seconds after {@code timestamp} when the message expires undelivered; null: never
 */
public record BusMessage(String id, BusKind kind, String sender, String recipient, String topic, String channel,
                         String replyTo, String correlationId, JsonNode payload, long priority, WireTime timestamp,
                         long attempts, boolean requiresAck, Long ttlSecs) implements ZmqMessage {

    /** JSON null and an absent payload are the same nil on the wire. */
    public BusMessage {
        payload = WireTypes.absentIfNull(payload);
    }

    /** This message addressed to {@code to} (the hub fills in a response's requester). */
    public BusMessage toRecipient(String to) {
        return new BusMessage(id, kind, sender, to, topic, channel, replyTo, correlationId, payload, priority, timestamp,
                attempts, requiresAck, ttlSecs);
    }

    /** This message as delivery attempt {@code attempt}. */
    public BusMessage asAttempt(long attempt) {
        return new BusMessage(id, kind, sender, recipient, topic, channel, replyTo, correlationId, payload, priority,
                timestamp, attempt, requiresAck, ttlSecs);
    }

    @Override
    public String naturalKey() {
        return type() + "/" + sender + "/" + id;
    }

    /** The id: an error reply to this message names it (array position 1, as for upstream's requests). */
    @Override
    public String requestId() {
        return id;
    }

    @Override
    public MessageType messageType() {
        return MessageType.BUS_MESSAGE;
    }
}
