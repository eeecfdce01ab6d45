package io.descartes.hub.protocol;

import java.util.UUID;

/**
 * {@code log_stream}: one chunk of an agent's stdout or stderr; {@code sequence} counts per (agent, stream). Records
 * compare {@code data} by identity.
 */
public record LogStream(UUID agentId, LogStreamType streamType, byte[] data, WireTime timestamp,
                        long sequence) implements ZmqMessage {

    /** {@code <agent uuid>/<stream_type>/<sequence>} (PROTOCOL §12.5). */
    @Override
    public String naturalKey() {
        return agentId + "/" + streamType.wire() + "/" + sequence;
    }

    @Override
    public MessageType messageType() {
        return MessageType.LOG_STREAM;
    }
}
