package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.msgpack.core.MessagePacker;

/** How one Rust type travels: canonical msgpack out, lenient msgpack in, and the JSON view both ways. */
interface WireType<T> {

    void write(MessagePacker out, T value) throws IOException;

    T read(WireReader in);

    JsonNode toJson(T value);

    T fromJson(JsonNode node);
}
