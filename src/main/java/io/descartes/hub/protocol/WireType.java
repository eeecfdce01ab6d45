package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** How one Rust type travels: canonical msgpack out, lenient msgpack in, and the JSON view both ways. */
interface WireType<T> {

    void write(WireWriter out, T value);

    T read(WireReader in);

    JsonNode toJson(T value);

    T fromJson(JsonNode node);
}
