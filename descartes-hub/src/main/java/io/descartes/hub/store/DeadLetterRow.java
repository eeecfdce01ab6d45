package io.descartes.hub.store;

/** One row of {@code dead_letters}. */
public record DeadLetterRow(long id, long receivedAt, String endpoint, String sender, String errorCode,
                            String reason, byte[] raw) {
}
