package io.descartes.hub.store;

/** One thing the journal writes in a group-committed transaction. */
public sealed interface JournalEntry permits EventEntry, DeadLetterEntry, BusMessageEntry, BusAckEntry {

    /** The {@code events} row this entry appends, null when it appends none. */
    default EventEntry eventEntry() {
        return null;
    }
}
