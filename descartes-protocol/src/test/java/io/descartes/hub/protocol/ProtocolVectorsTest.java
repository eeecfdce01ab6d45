package io.descartes.hub.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PROTOCOL §10 vectors (bytes captured from upstream rmp_serde) against the codec and the JSON view.
 * protocol-vectors-named.json holds the §10 "Value:" of each vector in named form: copied for §10.1, and for the
 * python-repr vectors of §10 derived from their positional arrays with the field lists of §3–§4.
 */
class ProtocolVectorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonTextWriter WRITER = new JsonTextWriter(MAPPER.getFactory());
    private final DescartesCodec codec = new DescartesCodec();

    record Vector(String name, String type, byte[] bytes, JsonNode named) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Vector> vectors() throws IOException {
        JsonNode raw = read("/protocol-vectors.json");
        JsonNode named = read("/protocol-vectors-named.json");
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode v : raw) {
            String name = v.get("name").textValue();
            vectors.add(new Vector(name, v.get("type").textValue(), TestPack.hex(v.get("hex").textValue()), named.get(name)));
        }
        assertEquals(named.size(), vectors.size());
        assertEquals(25, vectors.size());
        return vectors.stream();
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = ProtocolVectorsTest.class.getResourceAsStream(resource)) {
            return MAPPER.readTree(in);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesAndReencodesToTheSameBytes(Vector v) {
        ZmqMessage message = codec.decode(v.bytes());
        assertEquals(v.type(), message.type());
        assertEquals(v.type(), message.messageType().tag());
        assertTrue(message.messageType().recordType().isInstance(message));
        assertEquals(TestPack.hex(v.bytes()), TestPack.hex(codec.encode(message)));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void namedNotationIsTheNamedValue(Vector v) {
        JsonNode json = ProtocolJson.toNamedJson(codec.decode(v.bytes()));
        assertEquals(v.named(), json);
        assertEquals("type", json.fieldNames().next());
        assertArrayEquals(v.bytes(), codec.encode(ProtocolJson.fromJson(v.named())));
    }

    /** The events table's content: the reused writer's text is a fresh generator's, vector after vector. */
    @ParameterizedTest
    @MethodSource("vectors")
    void theReusedWriterWritesTheViewAsText(Vector v) throws IOException {
        ZmqMessage message = codec.decode(v.bytes());
        String fresh = ProtocolJson.text(MAPPER.getFactory(), 16, out -> ProtocolJson.write(out, message));
        assertEquals(fresh, WRITER.text(out -> ProtocolJson.write(out, message)));
        assertEquals(fresh, WRITER.text(out -> ProtocolJson.write(out, message)));
        assertEquals(ProtocolJson.toJson(message), MAPPER.readTree(fresh));
    }

    /** The JSON view differs from the named form only in bytes and times, and reads back to the same bytes. */
    @ParameterizedTest
    @MethodSource("vectors")
    void jsonViewReadsBackToTheSameBytes(Vector v) {
        JsonNode view = ProtocolJson.toJson(codec.decode(v.bytes()));
        assertEquals("type", view.fieldNames().next());
        assertEquals(view, ProtocolJson.toJson(ProtocolJson.fromJson(v.named())));
        assertArrayEquals(v.bytes(), codec.encode(ProtocolJson.fromJson(view)));
    }

    /** Named form (rmp_serde::to_vec_named): maps everywhere, uuids as text, times as maps. */
    @ParameterizedTest
    @MethodSource("vectors")
    void namedFormDecodesToTheSameMessage(Vector v) {
        ZmqMessage message = codec.decode(TestPack.pack(v.named()));
        assertArrayEquals(v.bytes(), codec.encode(message));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void everyTruncationIsMalformed(Vector v) {
        for (int length = 1; length < v.bytes().length; length++) {
            byte[] prefix = java.util.Arrays.copyOf(v.bytes(), length);
            ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(prefix), "prefix " + length);
            assertEquals(ErrorCode.MALFORMED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }
}
