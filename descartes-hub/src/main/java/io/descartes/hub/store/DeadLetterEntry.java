package io.descartes.hub.store;

/** A frame that could not be decoded or validated, kept with its raw bytes. */
public record DeadLetterEntry(String endpoint, String sender, String errorCode, String reason, byte[] raw)
        implements JournalEntry {
}
