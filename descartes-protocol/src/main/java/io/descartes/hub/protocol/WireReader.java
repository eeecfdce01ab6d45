package io.descartes.hub.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Streaming reads of one frame, straight from its {@code byte[]}: the decoder looks at each value's format before
 * reading it (leniency, serde's error texts), and a {@link MessageUnpacker} would decode every header byte twice and
 * check its buffer on each step. msgpack-core still names the formats ({@link MessageFormat#valueOf}) and skips
 * values nobody reads. Every failure comes out as a {@link ProtocolException}.
 */
final class WireReader {

    private final byte[] frame;
    private final int size;
    private int position;

    WireReader(byte[] frame) {
        this.frame = frame;
        this.size = frame.length;
    }

    ValueType peek() {
        MessageFormat format = peekFormat();
        if (format == MessageFormat.NEVER_USED) {
            throw malformed(position, "0xc1 is never used");
        }
        return format.getValueType();
    }

    MessageFormat peekFormat() {
        if (position >= size) {
            throw truncated();
        }
        return MessageFormat.valueOf(frame[position]);
    }

    /** Consumes a nil if one is next. */
    boolean nil() {
        if (peekFormat() != MessageFormat.NIL) {
            return false;
        }
        position++;
        return true;
    }

    int arrayHeader() {
        return header(ValueType.ARRAY);
    }

    int mapHeader() {
        return header(ValueType.MAP);
    }

    int binaryHeader() {
        return header(ValueType.BINARY);
    }

    byte[] payload(int length) {
        position += length; // the header's length was checked against the bytes left
        return Arrays.copyOfRange(frame, position - length, position);
    }

    /** Makes a value of a str's UTF-8 bytes, in place in the frame. */
    @FunctionalInterface
    interface Utf8<T> {
        T decode(byte[] bytes, int offset, int length);
    }

    String string(String expected) {
        int length = stringHeader(expected);
        position += length;
        return new String(frame, position - length, length, StandardCharsets.UTF_8);
    }

    /** A str turned into a value straight from its bytes, e.g. matched against known names without a String. */
    <T> T string(String expected, Utf8<T> decoder) {
        int length = stringHeader(expected);
        position += length;
        return decoder.decode(frame, position - length, length);
    }

    private int stringHeader(String expected) {
        if (peek() != ValueType.STRING) {
            throw invalidType(expected);
        }
        return header(ValueType.STRING);
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
        return frame[position++] == (byte) 0xc3;
    }

    /** An integer in [min, max]; {@code expected} names the Rust type for the error text. */
    long integer(long min, long max, String expected) {
        if (peek() != ValueType.INTEGER) {
            throw invalidType(expected);
        }
        boolean unsigned64 = frame[position] == (byte) 0xcf;
        long value = rawInteger();
        if (unsigned64 && value < 0) { // above Long.MAX_VALUE
            throw WireTypes.integerOutOfRange(unsigned(value), expected);
        }
        if (value < min || value > max) {
            throw WireTypes.integerOutOfRange(value, expected);
        }
        return value;
    }

    /** The next integer, whatever its size. */
    BigInteger bigInteger() {
        boolean unsigned64 = peekFormat() == MessageFormat.UINT64;
        long value = rawInteger();
        return unsigned64 ? unsigned(value) : BigInteger.valueOf(value);
    }

    double float64() {
        MessageFormat format = peekFormat();
        position++;
        if (format == MessageFormat.FLOAT32) {
            return Float.intBitsToFloat((int) bigEndian(4));
        }
        if (format == MessageFormat.FLOAT64) {
            return Double.longBitsToDouble(bigEndian(8));
        }
        throw malformed(position - 1, "expected a float");
    }

    /** Off the hot path (unknown keys, the map form's tag, error texts): msgpack-core's own skip. */
    void skip() {
        MessageUnpacker in = MessagePack.newDefaultUnpacker(frame, position, size - position);
        try {
            in.skipValue();
        } catch (IOException | MessagePackException e) {
            if (e instanceof MessageInsufficientBufferException || e instanceof EOFException) {
                throw truncated();
            }
            throw new ProtocolException(ErrorCode.MALFORMED, "malformed msgpack at byte "
                    + (position + in.getTotalReadBytes()) + ": " + e.getMessage(), e);
        }
        position += (int) in.getTotalReadBytes();
    }

    /** serde-style "invalid type: integer `5`, expected a string" for the next value (which it consumes). */
    ProtocolException invalidType(String expected) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "invalid type: " + describeNext() + ", expected " + expected);
    }

    /** Reads scalars to quote them; containers and blobs are only skipped, so garbage headers allocate nothing. */
    private String describeNext() {
        ValueType type = peek();
        switch (type) {
            case NIL:
                position++;
                return "unit value";
            case BOOLEAN:
                return "boolean `" + bool() + "`";
            case INTEGER:
                return "integer `" + bigInteger() + "`";
            case FLOAT:
                return "floating point `" + float64() + "`";
            case STRING:
                return "string \"" + string("") + "\"";
            default:
                skip();
                return type == ValueType.BINARY ? "byte array" : type == ValueType.ARRAY ? "sequence"
                        : type == ValueType.MAP ? "map" : "extension value";
        }
    }

    /** The 64 bits of the next integer (a uint64 above Long.MAX_VALUE comes out negative). */
    private long rawInteger() {
        int b = frame[position++];
        if (b >= -32) { // positive and negative fixint
            return b;
        }
        return switch (b & 0xff) {
            case 0xcc -> bigEndian(1);
            case 0xcd -> bigEndian(2);
            case 0xce -> bigEndian(4);
            case 0xd0 -> (byte) bigEndian(1);
            case 0xd1 -> (short) bigEndian(2);
            case 0xd2 -> (int) bigEndian(4);
            case 0xcf, 0xd3 -> bigEndian(8);
            default -> throw malformed(position - 1, "expected an integer");
        };
    }

    /** Consumes the header of a {@code type} value (str, bin, array or map) and gives its length. */
    private int header(ValueType type) {
        MessageFormat format = peekFormat();
        if (format.getValueType() != type) {
            throw malformed(position, "expected a " + type + " header");
        }
        int b = frame[position++];
        long length = switch (format) {
            case FIXSTR -> b & 0x1f;
            case FIXARRAY, FIXMAP -> b & 0x0f;
            case STR8, BIN8 -> bigEndian(1);
            case STR16, BIN16, ARRAY16, MAP16 -> bigEndian(2);
            default -> bigEndian(4); // STR32, BIN32, ARRAY32, MAP32: unsigned
        };
        // a container cannot hold more elements than bytes remain, so a lying header fails before any allocation
        if (length > size - position) {
            throw truncated();
        }
        return (int) length;
    }

    /** The next {@code n} bytes as an unsigned big-endian number. */
    private long bigEndian(int n) {
        if (n > size - position) {
            throw truncated();
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = value << 8 | (frame[position++] & 0xff);
        }
        return value;
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private ProtocolException truncated() {
        return new ProtocolException(ErrorCode.MALFORMED, "truncated frame: unexpected end of data in " + size + " bytes");
    }

    private static ProtocolException malformed(long at, String what) {
        return new ProtocolException(ErrorCode.MALFORMED, "malformed msgpack at byte " + at + ": " + what);
    }
}
