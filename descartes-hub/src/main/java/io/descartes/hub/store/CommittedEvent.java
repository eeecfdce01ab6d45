package io.descartes.hub.store;

import org.apache.camel.Exchange;

/**
 * One entry of a {@link CommittedBatch}: what this hub committed (with the exchange that recorded it, which waits for
 * the batch's post-commit work before it replies), or, on a shared store, an event another hub committed, read from
 * the store (no exchange, no entry).
 *
 * @param row the committed {@code events} row; null for a re-send ({@code duplicate}) and for entries that append
 *            no event (dead letters, bus acks)
 */
public record CommittedEvent(Exchange exchange, JournalEntry entry, long id, boolean duplicate, EventRow row) {

    public static CommittedEvent stored(EventRow row) {
        return new CommittedEvent(null, null, row.id(), false, row);
    }

    /** Another hub's event, read from the store. */
    public boolean stored() {
        return exchange == null;
    }

    /** The recording exchange's property, null for a stored event. */
    public <T> T property(String name, Class<T> type) {
        return exchange == null ? null : exchange.getProperty(name, type);
    }
}
