package io.descartes.hub.bus;

import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.TextStreamClient;
import io.descartes.hub.testing.Waits;

/** A real WebSocket client of a bus stream (/ws/bus/...): its frames as JSON, the answers to what it sent among them. */
final class BusSocket implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final TextStreamClient client;

    private BusSocket(TextStreamClient client) {
        this.client = client;
    }

    /** @param pathAndQuery e.g. {@code /ws/bus/channels/room?after=0} */
    static BusSocket connect(int port, String pathAndQuery) throws Exception {
        return new BusSocket(TextStreamClient.connect(port, true, pathAndQuery));
    }

    void send(String text) throws Exception {
        client.send(text);
    }

    List<JsonNode> frames() {
        return client.messages().stream().map(BusSocket::json).toList();
    }

    /** The ids of the stored messages received (frames of type bus_message), in order. */
    List<String> messageIds() {
        return frames().stream().filter(BusSocket::isMessage).map(m -> m.get("id").asText()).toList();
    }

    /** Waits for the first frame that passes the check, and returns it. */
    JsonNode await(String what, Predicate<JsonNode> check) {
        Waits.await(what).until(() -> frames().stream().anyMatch(check));
        return frames().stream().filter(check).findFirst().orElseThrow();
    }

    /** Waits for the stored message with this id, and returns it. */
    JsonNode awaitMessage(String id) {
        return await("message " + id, f -> isMessage(f) && id.equals(f.path("id").asText()));
    }

    /** Waits for the answer (bus_reply or error) to what was sent with this id. */
    JsonNode awaitAnswer(String id) {
        return await("the answer to " + id, f -> !isMessage(f) && id.equals(f.path("id").asText()));
    }

    private static boolean isMessage(JsonNode frame) {
        return "bus_message".equals(frame.path("type").asText());
    }

    private static JsonNode json(String frame) {
        try {
            return MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + frame, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
