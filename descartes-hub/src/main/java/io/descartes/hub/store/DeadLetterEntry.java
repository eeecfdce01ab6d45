package io.descartes.hub.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A frame that could not be decoded or validated: the first bytes of it ({@code head}, at most the dead-letter prefix),
 * its full size and the SHA-256 digest of all of it, so a flood of huge frames cannot fill the disk and a kept head
 * can still be matched to the frame a peer sent.
 */
public record DeadLetterEntry(String endpoint, String sender, String errorCode, String reason, byte[] head, long size,
                              String sha256) implements JournalEntry {

    /** The entry for {@code frame}, keeping at most {@code maxHeadBytes} of it. */
    public static DeadLetterEntry of(String endpoint, String sender, String errorCode, String reason, byte[] frame,
                                     int maxHeadBytes) {
        byte[] head = frame.length <= maxHeadBytes ? frame : Arrays.copyOf(frame, maxHeadBytes);
        return new DeadLetterEntry(endpoint, sender, errorCode, reason, head, frame.length, sha256(frame));
    }

    /** Lowercase hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
