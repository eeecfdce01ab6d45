package io.descartes.hub.protocol;

import java.nio.charset.StandardCharsets;
import org.msgpack.value.ValueType;

/**
 * Descartes msgpack codec. Encodes exactly like upstream's {@code rmp_serde::to_vec} (tagged array, positional fields)
 * and decodes as leniently as {@code rmp_serde::from_slice} (PROTOCOL §2.4): array or map form at every level,
 * text uuids, defaulted tails, trailing bytes ignored. Stateless, so one instance can be shared by all threads.
 */
public final class DescartesCodec {

    /** Upstream's {@code MAX_MESSAGE_SIZE}: 10 MiB. */
    public static final int DEFAULT_MAX_SIZE = 10 * 1024 * 1024;

    private static final String TAG_KEY = "type";
    /** Most messages are a few hundred bytes: an 8 KiB first buffer (msgpack-core's default) would dominate their cost. */
    private static final int FIRST_BUFFER = 512;

    private final int maxSize;

    public DescartesCodec() {
        this(DEFAULT_MAX_SIZE);
    }

    /** @param maxSize largest frame, in bytes, that is encoded or decoded (inclusive) */
    public DescartesCodec(int maxSize) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize must be positive: " + maxSize);
        }
        this.maxSize = maxSize;
    }

    public int maxSize() {
        return maxSize;
    }

    /** The canonical bytes of {@code message}; OVERSIZE when they exceed the limit. */
    public byte[] encode(ZmqMessage message) {
        StructType<ZmqMessage> schema = schemaOf(message.messageType());
        WireWriter out = new WireWriter(FIRST_BUFFER);
        out.arrayHeader(schema.size() + 1);
        out.string(message.type());
        schema.writeFields(out, message);
        byte[] bytes = out.toByteArray();
        if (bytes.length > maxSize) {
            throw oversize(bytes.length).withRequestId(message.requestId());
        }
        return bytes;
    }

    /** The message in {@code frame}; any problem raises a {@link ProtocolException} carrying the request id. */
    public ZmqMessage decode(byte[] frame) {
        if (frame == null || frame.length == 0) {
            throw new ProtocolException(ErrorCode.MALFORMED, "empty frame");
        }
        if (frame.length > maxSize) {
            throw oversize(frame.length).withRequestId(requestIdOf(frame));
        }
        try {
            return read(frame);
        } catch (ProtocolException e) {
            throw e.withRequestId(requestIdOf(frame));
        }
    }

    private static ZmqMessage read(byte[] frame) {
        WireReader in = new WireReader(frame);
        ValueType top = in.peek();
        if (top == ValueType.ARRAY) {
            int length = in.arrayHeader();
            if (length == 0) {
                throw missingTag();
            }
            return schemaOf(tag(in)).readPositional(in, length - 1);
        }
        if (top == ValueType.MAP) {
            // the tag may come after the fields it selects, so find it first (serde buffers for the same reason)
            StructType<ZmqMessage> schema = schemaOf(tagOfMap(frame));
            return schema.readNamed(in, in.mapHeader());
        }
        ProtocolException e = in.invalidType("internally tagged enum ZmqMessage");
        throw new ProtocolException(ErrorCode.MALFORMED, e.getMessage());
    }

    /** The type named by the tag: a str, or a bin holding its bytes (serde accepts both). */
    private static MessageType tag(WireReader in) {
        ValueType next = in.peek();
        if (next == ValueType.BINARY) {
            return MessageType.fromTag(new String(in.payload(in.binaryHeader()), StandardCharsets.UTF_8));
        }
        if (next != ValueType.STRING) {
            throw new ProtocolException(ErrorCode.MALFORMED,
                    in.invalidType("the `type` tag string").getMessage());
        }
        return in.string("the `type` tag string", MessageType::fromTag);
    }

    private static MessageType tagOfMap(byte[] frame) {
        WireReader in = new WireReader(frame);
        for (int n = in.mapHeader(); n > 0; n--) {
            if (TAG_KEY.equals(in.key())) {
                return tag(in);
            }
            in.skip();
        }
        throw missingTag();
    }

    /** The request id of a frame that failed, read as far as it can be: array position 1 or key request_id. */
    public static String requestIdOf(byte[] frame) {
        try {
            WireReader in = new WireReader(frame);
            ValueType top = in.peek();
            if (top == ValueType.ARRAY && in.arrayHeader() >= 2) {
                in.skip();
                return in.peek() == ValueType.STRING ? in.string("") : "";
            }
            if (top == ValueType.MAP) {
                for (int n = in.mapHeader(); n > 0; n--) {
                    if ("request_id".equals(in.key()) && in.peek() == ValueType.STRING) {
                        return in.string("");
                    }
                    in.skip();
                }
            }
        } catch (ProtocolException e) {
            // nothing readable: the error reply goes out with an empty request id
        }
        return "";
    }

    @SuppressWarnings("unchecked")
    static StructType<ZmqMessage> schemaOf(MessageType type) {
        return (StructType<ZmqMessage>) type.schema;
    }

    private static ProtocolException missingTag() {
        return new ProtocolException(ErrorCode.MALFORMED, "missing field `" + TAG_KEY + "`");
    }

    private ProtocolException oversize(int size) {
        return new ProtocolException(ErrorCode.OVERSIZE,
                "frame of " + size + " bytes exceeds the " + maxSize + "-byte limit");
    }
}
