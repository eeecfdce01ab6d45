package io.descartes.hub.testing;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A client of one of the hub's WebSocket streams (with the test token) that keeps every text message as it arrived. */
public final class TextStreamClient implements WebSocket.Listener, AutoCloseable {

    private final List<String> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** A client of /ws/events. */
    public static TextStreamClient connect(int port) throws Exception {
        return connect(port, true, "/ws/events");
    }

    /**
     * @param header       false for a browser-like client, whose token must be {@code ?access_token=} in the query
     * @param pathAndQuery e.g. {@code /ws/bus/channels/room?after=0}
     */
    public static TextStreamClient connect(int port, boolean header, String pathAndQuery) throws Exception {
        TextStreamClient client = new TextStreamClient();
        WebSocket.Builder builder = HubHttp.client().newWebSocketBuilder();
        if (header) {
            builder.header("Authorization", TestAuth.HEADER);
        }
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), client)
                .get(30, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            synchronized (this) {
                messages.add(partial.toString());
                notifyAll();
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(30, TimeUnit.SECONDS);
    }

    public void sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(30, TimeUnit.SECONDS);
    }

    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** Waits until some message contains {@code text}; the messages so far. */
    public synchronized List<String> awaitMessageContaining(String text) throws InterruptedException {
        while (messages.stream().noneMatch(m -> m.contains(text))) {
            wait(60_000);
        }
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
