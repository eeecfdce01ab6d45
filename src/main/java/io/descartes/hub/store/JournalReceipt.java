package io.descartes.hub.store;

/** What the journal recorded for one entry: the row id and whether the entry was a re-send. */
public record JournalReceipt(long id, boolean duplicate) {
}
