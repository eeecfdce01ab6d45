package io.descartes.hub.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.descartes.hub.protocol.ProtocolJson;

/**
 * The hub's one Jackson mapper, the protocol's ({@link ProtocolJson#MAPPER}): every capability reads and writes JSON
 * with it (a mapper is thread-safe once configured, and each new one would warm its own serializer caches).
 */
public final class Json {

    public static final ObjectMapper MAPPER = ProtocolJson.MAPPER;

    /** Reads exactly one JSON value: anything after it is an error rather than silently ignored. */
    public static final ObjectReader STRICT = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }
}
