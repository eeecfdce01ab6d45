package io.descartes.hub.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Canonical msgpack into one growing {@code byte[]}: every header and integer in its smallest form, as rmp (and
 * msgpack-core's MessagePacker, which wrote these bytes before) does. A MessageBufferPacker costs more than the
 * values of a small message: a buffer list, a MessageBuffer per chunk, its Unsafe bounds checks, a copy at the end.
 */
final class WireWriter {

    private byte[] buffer;
    private int size;

    /** @param capacity first buffer size; most messages are a few hundred bytes */
    WireWriter(int capacity) {
        buffer = new byte[capacity];
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    void nil() {
        ensure(1);
        buffer[size++] = (byte) 0xc0;
    }

    void bool(boolean value) {
        ensure(1);
        buffer[size++] = (byte) (value ? 0xc3 : 0xc2);
    }

    void integer(long value) {
        if (value >= 0) {
            if (value < 0x80) {
                tagged(-1, value, 1); // positive fixint: the value is the tag
            } else if (value < 0x100) {
                tagged(0xcc, value, 1);
            } else if (value < 0x1_0000) {
                tagged(0xcd, value, 2);
            } else if (value < 0x1_0000_0000L) {
                tagged(0xce, value, 4);
            } else {
                tagged(0xcf, value, 8);
            }
        } else if (value >= -32) {
            tagged(-1, value, 1); // negative fixint
        } else if (value >= Byte.MIN_VALUE) {
            tagged(0xd0, value, 1);
        } else if (value >= Short.MIN_VALUE) {
            tagged(0xd1, value, 2);
        } else if (value >= Integer.MIN_VALUE) {
            tagged(0xd2, value, 4);
        } else {
            tagged(0xd3, value, 8);
        }
    }

    /** A u64 above Long.MAX_VALUE, given by its 64 bits. */
    void unsigned64(long bits) {
        tagged(0xcf, bits, 8);
    }

    void float64(double value) {
        tagged(0xcb, Double.doubleToRawLongBits(value), 8);
    }

    void string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int n = utf8.length;
        if (n < 32) {
            tagged(-1, 0xa0 | n, 1);
        } else {
            header(n, 0xd9, 0xda, 0xdb);
        }
        bytes(utf8);
    }

    void binary(byte[] value) {
        header(value.length, 0xc4, 0xc5, 0xc6);
        bytes(value);
    }

    void arrayHeader(int n) {
        if (n < 16) {
            tagged(-1, 0x90 | n, 1);
        } else {
            header(n, -1, 0xdc, 0xdd);
        }
    }

    void mapHeader(int n) {
        if (n < 16) {
            tagged(-1, 0x80 | n, 1);
        } else {
            header(n, -1, 0xde, 0xdf);
        }
    }

    /** A length in its 8- (when the format has one: {@code code8} ≥ 0), 16- or 32-bit form. */
    private void header(int n, int code8, int code16, int code32) {
        if (n < 0x100 && code8 >= 0) {
            tagged(code8, n, 1);
        } else if (n < 0x1_0000) {
            tagged(code16, n, 2);
        } else {
            tagged(code32, n, 4);
        }
    }

    /** The format byte {@code tag} (none when negative), then the low {@code n} bytes of {@code value}, big-endian. */
    private void tagged(int tag, long value, int n) {
        ensure(n + 1);
        if (tag >= 0) {
            buffer[size++] = (byte) tag;
        }
        for (int shift = (n - 1) * 8; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
    }

    private void bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
    }

    private void ensure(int more) {
        if (more > buffer.length - size) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
