package io.descartes.hub.store;

/**
 * An ack: {@code acker} received message {@code id} of {@code sender}, which is then not delivered to it again. Only
 * the delivery's state changes (no event), in the journal's transaction with the messages of its batch, so acks are
 * group-committed like messages. Its receipt's id is the acknowledged message's event id, 0 when there is no such
 * delivery.
 */
public record BusAckEntry(String acker, String sender, String id) implements JournalEntry {
}
