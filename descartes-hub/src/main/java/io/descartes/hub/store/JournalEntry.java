package io.descartes.hub.store;

/** One thing the journal writes in a group-committed transaction. */
public sealed interface JournalEntry permits EventEntry, DeadLetterEntry {
}
