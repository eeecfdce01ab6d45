package io.descartes.hub.store;

/**
 * What the journal recorded for one entry: the row id, whether the entry was a re-send (then the id
 * is the first row's), and the commit time in epoch seconds (the row's {@code timestamp}).
 */
public record JournalReceipt(long id, boolean duplicate, long timestamp) {
}
