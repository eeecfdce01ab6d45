package io.descartes.hub.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.Waits;

/** A real java.net.http WebSocket client of /ws/events that keeps every event it receives. */
final class EventStreamClient implements WebSocket.Listener {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final boolean reading;
    private final List<JsonNode> events = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private WebSocket socket;

    private EventStreamClient(boolean reading) {
        this.reading = reading;
    }

    /** @param reading false for a client that never reads a message (it asks for none) */
    static EventStreamClient connect(HttpClient http, int port, String query, boolean reading) throws Exception {
        EventStreamClient client = new EventStreamClient(reading);
        client.socket = http.newWebSocketBuilder().header("Authorization", TestAuth.HEADER)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/events" + (query.isEmpty() ? "" : "?" + query)), client)
                .get(30, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode event = MAPPER.readTree(partial.toString());
                synchronized (this) {
                    events.add(event);
                }
            } catch (Exception e) {
                closeCode.completeExceptionally(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(30, TimeUnit.SECONDS);
    }

    /** Drops the connection without a close handshake, like a client that goes away. */
    void abort() {
        socket.abort();
    }

    synchronized List<Long> ids() {
        return events.stream().map(e -> e.get("id").asLong()).toList();
    }

    synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    synchronized int count() {
        return events.size();
    }

    /** Waits until an event with this id arrived (generous timeout; fails the test instead of hanging). */
    void awaitId(long id) {
        Waits.await("event " + id).until(() -> ids().contains(id));
    }

    /** True once the event arrived; false if the hub closed the connection first. */
    boolean awaitIdOrClose(long id) {
        Waits.await("event " + id + " or a close").until(() -> ids().contains(id) || closeCode.isDone());
        return ids().contains(id);
    }

    void awaitCount(int count) {
        Waits.await(count + " events").until(() -> count() >= count);
    }
}
