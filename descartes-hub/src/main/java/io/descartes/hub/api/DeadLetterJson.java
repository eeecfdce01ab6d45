package io.descartes.hub.api;

import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.ViewTime;
import io.descartes.hub.store.DeadLetterRow;

/**
 * JSON form of a {@code dead_letters} row: what is kept of the raw frame as base64 (all of it up to
 * hub.dead-letters.max-raw-bytes, else its head: {@code raw_truncated}), the size and SHA-256 of the whole frame, and
 * its first bytes as hex for a quick look.
 */
final class DeadLetterJson {

    private final int previewBytes;

    DeadLetterJson(int previewBytes) {
        if (previewBytes < 0) {
            throw new IllegalArgumentException("dead-letter preview size must be >= 0");
        }
        this.previewBytes = previewBytes;
    }

    ObjectNode toNode(DeadLetterRow row) {
        byte[] raw = row.head();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", row.id());
        node.put("received_at", ViewTime.ofEpochMilli(row.receivedAt()));
        node.put("endpoint", row.endpoint());
        node.put("sender", row.sender());
        node.put("error_code", row.errorCode());
        node.put("reason", row.reason());
        node.put("raw_size", row.size());
        node.put("raw_sha256", row.sha256());
        node.put("raw_truncated", row.truncated());
        node.put("raw_base64", Base64.getEncoder().encodeToString(raw));
        node.put("raw_hex_preview", HexFormat.of().formatHex(raw, 0, Math.min(raw.length, previewBytes)));
        return node;
    }
}
