package io.descartes.hub.protocol;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/** How one Rust type travels: canonical msgpack out, lenient msgpack in, and the JSON view both ways. */
interface WireType<T> {

    void write(WireWriter out, T value);

    T read(WireReader in);

    /** Streams the JSON view, so the ingest path writes an event's content without building a tree first. */
    void writeJson(JsonGenerator out, T value) throws IOException;

    T fromJson(JsonNode node);
}
