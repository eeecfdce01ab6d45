package io.descartes.hub.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * A PUB-channel frame (PROTOCOL §5.3): 36-char lowercase agent uuid, one 0x00, then the msgpack message. SUB sockets
 * filter on the uuid text prefix. Records compare {@code payload} by identity.
 */
public record LogTopicFrame(UUID agentId, byte[] payload) {

    private static final int UUID_TEXT_LENGTH = 36;

    public static byte[] encode(UUID agentId, byte[] msgpack) {
        byte[] frame = Arrays.copyOf(topic(agentId), UUID_TEXT_LENGTH + 1 + msgpack.length);
        System.arraycopy(msgpack, 0, frame, UUID_TEXT_LENGTH + 1, msgpack.length);
        return frame;
    }

    /** The exact-match subscription prefix for one agent: uuid text plus the 0x00 separator. */
    public static byte[] topic(UUID agentId) {
        return Arrays.copyOf(agentId.toString().getBytes(StandardCharsets.US_ASCII), UUID_TEXT_LENGTH + 1);
    }

    /** Splits at the first 0x00; MALFORMED when there is none or the topic is not a uuid. */
    public static LogTopicFrame decode(byte[] frame) {
        int separator = 0;
        while (separator < frame.length && frame[separator] != 0) {
            separator++;
        }
        if (separator == frame.length) {
            throw new ProtocolException(ErrorCode.MALFORMED, "log frame has no 0x00 after its topic");
        }
        String topic = new String(frame, 0, separator, StandardCharsets.UTF_8);
        UUID agentId;
        try {
            agentId = WireTypes.parseUuid(topic);
        } catch (ProtocolException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "log frame topic: " + e.getMessage());
        }
        return new LogTopicFrame(agentId, Arrays.copyOfRange(frame, separator + 1, frame.length));
    }
}
