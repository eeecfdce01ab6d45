package io.descartes.hub.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.value.ValueType;

/**
 * Streaming reads of one frame; every msgpack-core failure comes out as a {@link ProtocolException}. Each method has
 * its own try/catch rather than a shared lambda helper because this is the decoder's hot path.
 */
final class WireReader {

    private final MessageUnpacker in;
    private final int size;

    WireReader(byte[] frame) {
        this.in = MessagePack.newDefaultUnpacker(frame);
        this.size = frame.length;
    }

    ValueType peek() {
        MessageFormat format = peekFormat();
        if (format == MessageFormat.NEVER_USED) {
            throw new ProtocolException(ErrorCode.MALFORMED,
                    "malformed msgpack at byte " + in.getTotalReadBytes() + ": 0xc1 is never used");
        }
        return format.getValueType();
    }

    MessageFormat peekFormat() {
        try {
            return in.getNextFormat();
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    /** Consumes a nil if one is next. */
    boolean nil() {
        try {
            return in.tryUnpackNil();
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    int arrayHeader() {
        try {
            return checkCount(in.unpackArrayHeader());
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    int mapHeader() {
        try {
            return checkCount(in.unpackMapHeader());
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    int binaryHeader() {
        try {
            return checkCount(in.unpackBinaryHeader());
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    byte[] payload(int length) {
        try {
            return in.readPayload(length);
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    /** Makes a value of a str's UTF-8 bytes, in place in the frame. */
    @FunctionalInterface
    interface Utf8<T> {
        T decode(byte[] bytes, int offset, int length);
    }

    String string(String expected) {
        MessageBuffer utf8 = stringPayload(expected);
        return new String(utf8.array(), utf8.arrayOffset(), utf8.size(), StandardCharsets.UTF_8);
    }

    /** A str turned into a value straight from its bytes, e.g. matched against known names without a String. */
    <T> T string(String expected, Utf8<T> decoder) {
        MessageBuffer utf8 = stringPayload(expected);
        return decoder.decode(utf8.array(), utf8.arrayOffset(), utf8.size());
    }

    private MessageBuffer stringPayload(String expected) {
        if (peek() != ValueType.STRING) {
            throw invalidType(expected);
        }
        try {
            // header checked before msgpack-core sizes anything by it; the reference avoids a copy
            return in.readPayloadAsReference(checkCount(in.unpackRawStringHeader()));
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    /** A map key when it is a string; any other key is skipped and gives null. */
    String key() {
        if (peek() == ValueType.STRING) {
            return string("a string key");
        }
        skip();
        return null;
    }

    boolean bool() {
        if (peek() != ValueType.BOOLEAN) {
            throw invalidType("a boolean");
        }
        try {
            return in.unpackBoolean();
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    /** An integer in [min, max]; {@code expected} names the Rust type for the error text. */
    long integer(long min, long max, String expected) {
        if (peek() != ValueType.INTEGER) {
            throw invalidType(expected);
        }
        long value;
        try {
            value = in.unpackLong();
        } catch (MessageIntegerOverflowException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "invalid value: integer `" + e.getBigInteger() + "`, expected " + expected);
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
        if (value < min || value > max) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "invalid value: integer `" + value + "`, expected " + expected);
        }
        return value;
    }

    BigInteger bigInteger() {
        try {
            return in.unpackBigInteger();
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    double float64() {
        try {
            return in.unpackDouble();
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    void skip() {
        try {
            in.skipValue();
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    /** serde-style "invalid type: integer `5`, expected a string" for the next value (which it consumes). */
    ProtocolException invalidType(String expected) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "invalid type: " + describeNext() + ", expected " + expected);
    }

    /** Reads scalars to quote them; containers and blobs are only skipped, so garbage headers allocate nothing. */
    private String describeNext() {
        ValueType type = peek();
        try {
            switch (type) {
                case NIL:
                    in.unpackNil();
                    return "unit value";
                case BOOLEAN:
                    return "boolean `" + in.unpackBoolean() + "`";
                case INTEGER:
                    return "integer `" + in.unpackBigInteger() + "`";
                case FLOAT:
                    return "floating point `" + in.unpackDouble() + "`";
                case STRING:
                    return "string \"" + string("") + "\"";
                default:
                    in.skipValue();
                    return type == ValueType.BINARY ? "byte array" : type == ValueType.ARRAY ? "sequence"
                            : type == ValueType.MAP ? "map" : "extension value";
            }
        } catch (IOException | MessagePackException e) {
            throw failure(e);
        }
    }

    /** A container cannot hold more elements than bytes remain, so a lying header fails before any allocation. */
    private int checkCount(int count) {
        if (count < 0 || count > size - in.getTotalReadBytes()) {
            throw truncated();
        }
        return count;
    }

    private ProtocolException truncated() {
        return new ProtocolException(ErrorCode.MALFORMED, "truncated frame: unexpected end of data in " + size + " bytes");
    }

    private ProtocolException failure(Exception e) {
        if (e instanceof MessageInsufficientBufferException || e instanceof EOFException) {
            return truncated();
        }
        return new ProtocolException(ErrorCode.MALFORMED, "malformed msgpack at byte " + in.getTotalReadBytes()
                + ": " + e.getMessage(), e);
    }
}
