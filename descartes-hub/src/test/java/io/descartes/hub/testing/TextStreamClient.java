package io.descartes.hub.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A /ws/events client (with the test token) that keeps every text message as it arrived. */
public final class TextStreamClient implements WebSocket.Listener, AutoCloseable {

    private final List<String> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    public static TextStreamClient connect(int port) throws Exception {
        TextStreamClient client = new TextStreamClient();
        client.socket = HubHttp.client().newWebSocketBuilder().header("Authorization", TestAuth.HEADER)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/events"), client).get(30, TimeUnit.SECONDS);
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
