package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/** Builds hand-made msgpack frames for tests, independent of the codec under test. */
final class TestPack {

    static final UUID AGENT = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");

    private TestPack() {
    }

    /** null→nil, String→str, Number→int/float64, byte[]→bin, UUID→bin 16, List→array, Map→map, JsonNode→its shape. */
    static byte[] pack(Object value) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            write(out, value);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Object> arr(Object... elements) {
        return Arrays.asList(elements);
    }

    static Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static byte[] uuidBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static void write(MessagePacker out, Object value) throws IOException {
        if (value == null) {
            out.packNil();
        } else if (value instanceof String s) {
            out.packString(s);
        } else if (value instanceof Boolean b) {
            out.packBoolean(b);
        } else if (value instanceof Double d) {
            out.packDouble(d);
        } else if (value instanceof Number n) {
            out.packLong(n.longValue());
        } else if (value instanceof byte[] bytes) {
            out.packBinaryHeader(bytes.length).writePayload(bytes);
        } else if (value instanceof UUID id) {
            write(out, uuidBytes(id));
        } else if (value instanceof List<?> list) {
            out.packArrayHeader(list.size());
            for (Object o : list) {
                write(out, o);
            }
        } else if (value instanceof Map<?, ?> m) {
            out.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                write(out, e.getKey());
                write(out, e.getValue());
            }
        } else if (value instanceof JsonNode node) {
            writeJson(out, node);
        } else {
            throw new IllegalArgumentException(value.getClass().getName());
        }
    }

    /** Generic JSON → msgpack, keys in document order: the named (map) form of a §10 value. */
    private static void writeJson(MessagePacker out, JsonNode node) throws IOException {
        if (node.isObject()) {
            out.packMapHeader(node.size());
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                out.packString(e.getKey());
                writeJson(out, e.getValue());
            }
        } else if (node.isArray()) {
            out.packArrayHeader(node.size());
            for (JsonNode element : node) {
                writeJson(out, element);
            }
        } else if (node.isTextual()) {
            out.packString(node.textValue());
        } else if (node.isBoolean()) {
            out.packBoolean(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            out.packLong(node.longValue());
        } else if (node.isNumber()) {
            out.packDouble(node.doubleValue());
        } else {
            out.packNil();
        }
    }
}
