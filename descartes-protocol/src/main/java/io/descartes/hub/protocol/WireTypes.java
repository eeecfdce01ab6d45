package io.descartes.hub.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.msgpack.core.MessageFormat;
import org.msgpack.value.ValueType;

/** The leaf and container {@link WireType}s of the protocol. */
final class WireTypes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WireTypes() {
    }

    static final WireType<String> STRING = new StringType();

    /** A named class, like {@link IntegerType} and {@link OptionalType}, so that StructType can call it directly. */
    static final class StringType implements WireType<String> {
        @Override
        public void write(WireWriter out, String value) {
            out.string(value);
        }

        @Override
        public String read(WireReader in) {
            return in.string("a string");
        }

        @Override
        public void writeJson(JsonGenerator out, String value) throws IOException {
            out.writeString(value);
        }

        @Override
        public String fromJson(JsonNode node) {
            if (node == null || !node.isTextual()) {
                throw jsonInvalidType(node, "a string");
            }
            return node.textValue();
        }
    }

    static final WireType<Boolean> BOOL = new WireType<>() {
        @Override
        public void write(WireWriter out, Boolean value) {
            out.bool(value);
        }

        @Override
        public Boolean read(WireReader in) {
            return in.bool();
        }

        @Override
        public void writeJson(JsonGenerator out, Boolean value) throws IOException {
            out.writeBoolean(value);
        }

        @Override
        public Boolean fromJson(JsonNode node) {
            if (node == null || !node.isBoolean()) {
                throw jsonInvalidType(node, "a boolean");
            }
            return node.booleanValue();
        }
    };

    /** u64 limited to Java's long range; rmp writes every integer in its smallest form, so does WireWriter. */
    static final WireType<Long> U64 = new IntegerType(0, Long.MAX_VALUE, "u64");
    static final WireType<Long> U32 = new IntegerType(0, 0xFFFF_FFFFL, "u32");
    static final WireType<Long> I64 = new IntegerType(Long.MIN_VALUE, Long.MAX_VALUE, "i64");

    static final class IntegerType implements WireType<Long> {
        private final long min;
        private final long max;
        private final String rustType;

        private IntegerType(long min, long max, String rustType) {
            this.min = min;
            this.max = max;
            this.rustType = rustType;
        }

        @Override
        public void write(WireWriter out, Long value) {
            if (value < min || value > max) {
                throw integerOutOfRange(value, rustType);
            }
            out.integer(value);
        }

        @Override
        public Long read(WireReader in) {
            return in.integer(min, max, rustType);
        }

        @Override
        public void writeJson(JsonGenerator out, Long value) throws IOException {
            if (value == value.intValue()) {
                out.writeNumber(value.intValue()); // an int where it fits, as a JSON tree read from text has it
            } else {
                out.writeNumber(value.longValue());
            }
        }

        @Override
        public Long fromJson(JsonNode node) {
            if (node == null || !node.isIntegralNumber()) {
                throw jsonInvalidType(node, rustType);
            }
            if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
                throw integerOutOfRange(node, rustType);
            }
            return node.longValue();
        }
    }

    /** Uuid: sent as bin 16; read from bin 16 or any text form the uuid crate parses. */
    static final WireType<UUID> UUID_TYPE = new WireType<>() {
        @Override
        public void write(WireWriter out, UUID value) {
            byte[] bytes = new byte[16];
            putLong(bytes, 0, value.getMostSignificantBits());
            putLong(bytes, 8, value.getLeastSignificantBits());
            out.binary(bytes);
        }

        @Override
        public UUID read(WireReader in) {
            ValueType next = in.peek();
            if (next == ValueType.STRING) {
                return parseUuid(in.string("UUID"));
            }
            if (next != ValueType.BINARY) {
                throw in.invalidType("UUID");
            }
            int length = in.binaryHeader();
            byte[] bytes = in.payload(length);
            if (length != 16) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                        "invalid uuid: invalid length: expected 16 bytes, found " + length);
            }
            return new UUID(getLong(bytes, 0), getLong(bytes, 8));
        }

        @Override
        public void writeJson(JsonGenerator out, UUID value) throws IOException {
            out.writeString(value.toString());
        }

        @Override
        public UUID fromJson(JsonNode node) {
            if (node == null || !node.isTextual()) {
                throw jsonInvalidType(node, "UUID");
            }
            return parseUuid(node.textValue());
        }
    };

    /**
     * serde_json::Value; objects are written with sorted keys like serde_json's BTreeMap. A Value cannot hold NaN
     * or ±infinity (serde_json turns such an f64 into Null), so they are nil on the wire and null in the JSON view.
     */
    static final WireType<JsonNode> JSON_VALUE = new WireType<>() {
        @Override
        public void write(WireWriter out, JsonNode value) {
            WireTypes.writeJson(out, value);
        }

        @Override
        public JsonNode read(WireReader in) {
            return readJson(in);
        }

        @Override
        public void writeJson(JsonGenerator out, JsonNode value) throws IOException {
            writeJsonView(out, value);
        }

        @Override
        public JsonNode fromJson(JsonNode node) {
            return node == null ? NullNode.instance : node;
        }
    };

    /** The marker of bytes that are not UTF-8 in the JSON view. */
    static final String BASE64 = "base64";

    /**
     * Vec&lt;u8&gt; without serde_bytes: an array of integers, never bin. In the JSON view, text when the bytes are
     * UTF-8, else {@code {"base64": "..."}}; both that and the named form's array of integers read back.
     */
    static final WireType<byte[]> BYTES = new WireType<>() {
        @Override
        public void write(WireWriter out, byte[] value) {
            out.arrayHeader(value.length);
            for (byte b : value) {
                out.integer(b & 0xFF);
            }
        }

        @Override
        public byte[] read(WireReader in) {
            if (in.peek() != ValueType.ARRAY) {
                throw in.invalidType("a sequence");
            }
            byte[] bytes = new byte[in.arrayHeader()];
            for (int i = 0; i < bytes.length; i++) {
                try {
                    bytes[i] = (byte) in.integer(0, 255, "u8");
                } catch (ProtocolException e) {
                    throw e.inField("[" + i + "]");
                }
            }
            return bytes;
        }

        @Override
        public void writeJson(JsonGenerator out, byte[] value) throws IOException {
            if (out instanceof NamedNotation) {
                out.writeStartArray(value, value.length);
                for (byte b : value) {
                    out.writeNumber(b & 0xFF);
                }
                out.writeEndArray();
                return;
            }
            String text = utf8(value);
            if (text != null) {
                out.writeString(text);
            } else {
                out.writeStartObject();
                out.writeStringField(BASE64, Base64.getEncoder().encodeToString(value));
                out.writeEndObject();
            }
        }

        @Override
        public byte[] fromJson(JsonNode node) {
            if (node != null && node.isTextual()) {
                return node.textValue().getBytes(StandardCharsets.UTF_8);
            }
            if (node != null && node.isObject() && node.size() == 1 && node.path(BASE64).isTextual()) {
                try {
                    return Base64.getDecoder().decode(node.get(BASE64).textValue());
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "invalid base64: " + e.getMessage())
                            .inField(BASE64);
                }
            }
            if (node == null || !node.isArray()) {
                throw jsonInvalidType(node, "text, {\"base64\": ...} or a sequence");
            }
            byte[] bytes = new byte[node.size()];
            for (int i = 0; i < bytes.length; i++) {
                JsonNode b = node.get(i);
                if (!b.canConvertToInt() || !b.isIntegralNumber() || b.intValue() < 0 || b.intValue() > 255) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "invalid value: " + b + ", expected u8")
                            .inField("[" + i + "]");
                }
                bytes[i] = (byte) b.intValue();
            }
            return bytes;
        }
    };

    /** The bytes as text when they are well-formed UTF-8 (so the text encodes back to the same bytes), else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** 9999-12-31T23:59:59Z: RFC 3339's four-digit year holds no later time. */
    private static final long LAST_RFC_3339_SECOND = 253_402_300_799L;

    /**
     * i64 unix seconds (AttachInfo.expires_at): RFC 3339 text in the JSON view like SystemTime, where it can be;
     * an integer on the wire, in the named form and outside RFC 3339's years.
     */
    static final WireType<Long> UNIX_SECONDS = new WireType<>() {
        @Override
        public void write(WireWriter out, Long value) {
            I64.write(out, value);
        }

        @Override
        public Long read(WireReader in) {
            return I64.read(in);
        }

        @Override
        public void writeJson(JsonGenerator out, Long value) throws IOException {
            if (out instanceof NamedNotation || value < 0 || value > LAST_RFC_3339_SECOND) {
                I64.writeJson(out, value);
            } else {
                out.writeString(ViewTime.ofEpochSecond(value, 0));
            }
        }

        @Override
        public Long fromJson(JsonNode node) {
            return node != null && node.isTextual() ? viewTime(node).getEpochSecond() : I64.fromJson(node);
        }
    };

    private static Instant viewTime(JsonNode text) {
        try {
            return ViewTime.parse(text.textValue());
        } catch (DateTimeParseException e) {
            throw invalidTime(text);
        }
    }

    private static ProtocolException invalidTime(JsonNode text) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "invalid value: string " + text
                + ", expected an RFC 3339 time after the epoch");
    }

    /**
     * SystemTime in the JSON view: RFC 3339 text ({@link ViewTime}); the named form's map still reads back. A time
     * after 9999-12-31T23:59:59Z, which RFC 3339's four-digit year cannot hold, keeps the named form.
     */
    static final StructType.JsonView<WireTime> TIME_VIEW = new StructType.JsonView<>() {
        @Override
        public boolean write(JsonGenerator out, WireTime value) throws IOException {
            if (value.secs() > LAST_RFC_3339_SECOND) {
                return false;
            }
            out.writeString(ViewTime.of(value));
            return true;
        }

        @Override
        public boolean reads(JsonNode node) {
            return node != null && node.isTextual();
        }

        @Override
        public WireTime read(JsonNode node) {
            try {
                return WireTime.of(viewTime(node));
            } catch (IllegalArgumentException e) { // before the epoch
                throw invalidTime(node);
            }
        }
    };

    static <T> WireType<T> optional(WireType<T> type) {
        return new OptionalType<>(type);
    }

    /** {@code Option<T>}; StructType unwraps it to read and write the inner type directly. */
    record OptionalType<T>(WireType<T> inner) implements WireType<T> {
        @Override
        public void write(WireWriter out, T value) {
            if (value == null) {
                out.nil();
            } else {
                inner.write(out, value);
            }
        }

        @Override
        public T read(WireReader in) {
            return in.nil() ? null : inner.read(in);
        }

        @Override
        public void writeJson(JsonGenerator out, T value) throws IOException {
            if (value == null) {
                out.writeNull();
            } else {
                inner.writeJson(out, value);
            }
        }

        @Override
        public T fromJson(JsonNode node) {
            return node == null || node.isNull() ? null : inner.fromJson(node);
        }
    }

    static <E extends Enum<E> & WireEnum> WireType<E> enumType(Class<E> enumClass) {
        return new WireType<>() {
            @Override
            public void write(WireWriter out, E value) {
                out.string(value.wire());
            }

            @Override
            public E read(WireReader in) {
                return WireEnums.parse(enumClass, in.string("variant identifier"));
            }

            @Override
            public void writeJson(JsonGenerator out, E value) throws IOException {
                out.writeString(value.wire());
            }

            @Override
            public E fromJson(JsonNode node) {
                if (node == null || !node.isTextual()) {
                    throw jsonInvalidType(node, "variant identifier");
                }
                return WireEnums.parse(enumClass, node.textValue());
            }
        };
    }

    static <T> WireType<List<T>> listOf(WireType<T> element) {
        return new WireType<>() {
            @Override
            public void write(WireWriter out, List<T> value) {
                out.arrayHeader(value.size());
                for (T t : value) {
                    element.write(out, t);
                }
            }

            @Override
            public List<T> read(WireReader in) {
                if (in.peek() != ValueType.ARRAY) {
                    throw in.invalidType("a sequence");
                }
                int n = in.arrayHeader();
                List<T> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    try {
                        list.add(element.read(in));
                    } catch (ProtocolException e) {
                        throw e.inField("[" + i + "]");
                    }
                }
                return list;
            }

            @Override
            public void writeJson(JsonGenerator out, List<T> value) throws IOException {
                out.writeStartArray(value, value.size());
                for (T t : value) {
                    element.writeJson(out, t);
                }
                out.writeEndArray();
            }

            @Override
            public List<T> fromJson(JsonNode node) {
                if (node == null || !node.isArray()) {
                    throw jsonInvalidType(node, "a sequence");
                }
                List<T> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    try {
                        list.add(element.fromJson(node.get(i)));
                    } catch (ProtocolException e) {
                        throw e.inField("[" + i + "]");
                    }
                }
                return list;
            }
        };
    }

    /** HashMap&lt;String, V&gt;: written in the map's iteration order, read preserving wire order. */
    static <V> WireType<Map<String, V>> mapOf(WireType<V> valueType) {
        return new WireType<>() {
            @Override
            public void write(WireWriter out, Map<String, V> value) {
                out.mapHeader(value.size());
                for (Map.Entry<String, V> e : value.entrySet()) {
                    out.string(e.getKey());
                    valueType.write(out, e.getValue());
                }
            }

            @Override
            public Map<String, V> read(WireReader in) {
                if (in.peek() != ValueType.MAP) {
                    throw in.invalidType("a map");
                }
                int n = in.mapHeader();
                if (n == 0) {
                    return Map.of(); // the usual environment: no map to allocate, as nothing mutates a decoded one
                }
                Map<String, V> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String key = in.string("a string key");
                    try {
                        map.put(key, valueType.read(in));
                    } catch (ProtocolException e) {
                        throw e.inField(key);
                    }
                }
                return map;
            }

            @Override
            public void writeJson(JsonGenerator out, Map<String, V> value) throws IOException {
                out.writeStartObject(value);
                for (Map.Entry<String, V> e : value.entrySet()) {
                    out.writeFieldName(e.getKey());
                    valueType.writeJson(out, e.getValue());
                }
                out.writeEndObject();
            }

            @Override
            public Map<String, V> fromJson(JsonNode node) {
                if (node == null || !node.isObject()) {
                    throw jsonInvalidType(node, "a map");
                }
                Map<String, V> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    try {
                        map.put(e.getKey(), valueType.fromJson(e.getValue()));
                    } catch (ProtocolException ex) {
                        throw ex.inField(e.getKey());
                    }
                }
                return map;
            }
        };
    }

    /** Option&lt;Value&gt;: a JSON null is sent as nil and read back as None, so records hold null for both. */
    static JsonNode absentIfNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    /** serde's text for an integer outside its Rust type, wherever the integer came from. */
    static ProtocolException integerOutOfRange(Object value, String expected) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "invalid value: integer `" + value + "`, expected " + expected);
    }

    static ProtocolException jsonInvalidType(JsonNode node, String expected) {
        String actual = node == null || node.isMissingNode() ? "nothing"
                : node.isNull() ? "null"
                : node.isBoolean() ? "boolean `" + node + "`"
                : node.isIntegralNumber() ? "integer `" + node + "`"
                : node.isNumber() ? "floating point `" + node + "`"
                : node.isTextual() ? "string " + node
                : node.isArray() ? "sequence"
                : "map";
        return new ProtocolException(ErrorCode.INVALID_FIELD, "invalid type: " + actual + ", expected " + expected);
    }

    // ---- serde_json::Value <-> msgpack

    /** serde_json (no preserve_order) keeps object keys in a BTreeMap: byte order of UTF-8 = code point order. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean sx = Character.isSurrogate(x);
                return sx == Character.isSurrogate(y) ? x - y : sx ? 1 : -1;
            }
        }
        return a.length() - b.length();
    };

    private static void writeJson(WireWriter out, JsonNode node) {
        switch (node.getNodeType()) {
            case NULL, MISSING -> out.nil();
            case BOOLEAN -> out.bool(node.booleanValue());
            case STRING -> out.string(node.textValue());
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    double value = node.doubleValue();
                    if (Double.isFinite(value)) {
                        out.float64(value);
                    } else {
                        out.nil();
                    }
                } else if (node.canConvertToLong()) {
                    out.integer(node.longValue());
                } else {
                    writeBigInteger(out, node.bigIntegerValue());
                }
            }
            case ARRAY -> {
                out.arrayHeader(node.size());
                for (JsonNode element : node) {
                    writeJson(out, element);
                }
            }
            case OBJECT -> {
                String[] keys = new String[node.size()];
                Iterator<String> names = node.fieldNames();
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = names.next();
                }
                Arrays.sort(keys, CODE_POINT_ORDER);
                out.mapHeader(keys.length);
                for (String key : keys) {
                    out.string(key);
                    writeJson(out, node.get(key));
                }
            }
            default -> throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "a JSON value cannot hold " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " content");
        }
    }

    /** The tree as Jackson writes it, but a non-finite number as null: Jackson would write the string "NaN". */
    private static void writeJsonView(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isContainerNode()) {
            if (node.isArray()) {
                out.writeStartArray(node, node.size());
                for (JsonNode element : node) {
                    writeJsonView(out, element);
                }
                out.writeEndArray();
            } else {
                out.writeStartObject(node);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    out.writeFieldName(field.getKey());
                    writeJsonView(out, field.getValue());
                }
                out.writeEndObject();
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            out.writeNull();
        } else {
            out.writeTree(node);
        }
    }

    private static void writeBigInteger(WireWriter out, BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 64) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "number " + value + " does not fit a u64 or i64");
        }
        out.unsigned64(value.longValue()); // the only case canConvertToLong refused: 64 bits, positive
    }

    private static JsonNode readJson(WireReader in) {
        switch (in.peek()) {
            case NIL -> {
                in.nil();
                return NullNode.instance;
            }
            case BOOLEAN -> {
                return BooleanNode.valueOf(in.bool());
            }
            case INTEGER -> {
                if (in.peekFormat() == MessageFormat.UINT64) {
                    BigInteger big = in.bigInteger();
                    return big.bitLength() < 64 ? number(big.longValue()) : BigIntegerNode.valueOf(big);
                }
                return number(in.integer(Long.MIN_VALUE, Long.MAX_VALUE, "i64"));
            }
            case FLOAT -> {
                double value = in.float64();
                return Double.isFinite(value) ? DoubleNode.valueOf(value) : NullNode.instance;
            }
            case STRING -> {
                return TextNode.valueOf(in.string("a string"));
            }
            case ARRAY -> {
                int n = in.arrayHeader();
                ArrayNode array = JSON.arrayNode(n);
                for (int i = 0; i < n; i++) {
                    try {
                        array.add(readJson(in));
                    } catch (ProtocolException e) {
                        throw e.inField("[" + i + "]");
                    }
                }
                return array;
            }
            case MAP -> {
                int n = in.mapHeader();
                ObjectNode object = JSON.objectNode();
                for (int i = 0; i < n; i++) {
                    String key = in.string("a string key");
                    try {
                        object.set(key, readJson(in));
                    } catch (ProtocolException e) {
                        throw e.inField(key);
                    }
                }
                return object;
            }
            default -> throw in.invalidType("any valid JSON value");
        }
    }

    /** The node Jackson itself would parse for this integer, so JSON views compare equal. */
    private static JsonNode number(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    // ---- uuid text and bytes

    /** The text forms the uuid crate accepts: hyphenated (any case), simple, braced and urn. */
    static UUID parseUuid(String text) {
        String s = text;
        boolean wrapped = true;
        if (s.startsWith("urn:uuid:")) {
            s = s.substring(9);
        } else if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
            s = s.substring(1, 37);
        } else {
            wrapped = false;
        }
        if (wrapped && s.length() != 36) {
            throw invalidUuid(text);
        }
        if (s.length() == 36) {
            for (int dash : new int[] {8, 13, 18, 23}) {
                if (s.charAt(dash) != '-') {
                    throw invalidUuid(text);
                }
            }
            s = s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23) + s.substring(24);
        }
        if (s.length() != 32) {
            throw invalidUuid(text);
        }
        return new UUID(hex(s, 0, text), hex(s, 16, text));
    }

    private static long hex(String s, int from, String original) {
        long value = 0;
        for (int i = from; i < from + 16; i++) {
            char c = s.charAt(i);
            int digit = c < 128 ? Character.digit(c, 16) : -1;
            if (digit < 0) {
                throw invalidUuid(original);
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static ProtocolException invalidUuid(String text) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, "invalid uuid `" + text
                + "`: expected 16 bytes or a hyphenated, simple, braced or urn:uuid: text form");
    }

    private static void putLong(byte[] bytes, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long getLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (bytes[at + i] & 0xFF);
        }
        return value;
    }
}
