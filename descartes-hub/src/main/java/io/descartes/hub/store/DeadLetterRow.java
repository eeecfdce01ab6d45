package io.descartes.hub.store;

/**
 * One row of {@code dead_letters}: {@code head} is what is kept of the frame, {@code size} and {@code sha256} describe
 * all of it. Rows from before V35 kept the whole frame and no digest: there {@code sha256} is computed from it.
 */
public record DeadLetterRow(long id, long receivedAt, String endpoint, String sender, String errorCode,
                            String reason, byte[] head, long size, String sha256) {

    /** Whether {@link #head()} is only the start of the frame. */
    public boolean truncated() {
        return head.length < size;
    }
}
