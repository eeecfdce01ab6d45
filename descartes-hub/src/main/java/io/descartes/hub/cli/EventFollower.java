package io.descartes.hub.cli;

import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.ProtocolJson;

/**
 * Follows {@code /ws/events} live. Every event carries its id; when the stream ends (the hub restarted, or closed us
 * as too slow) it reconnects with {@code after=<the last id printed>}, so the hub sends what was recorded meanwhile
 * first: nothing lost, nothing twice (README "Delivery guarantees"). It keeps trying while the hub is away.
 */
final class EventFollower {

    private static final long FIRST_RETRY_MS = 250;
    private static final long MAX_RETRY_MS = 5000;

    private final HubClient hub;
    private final EventPrinter printer;

    EventFollower(HubClient hub, EventPrinter printer) {
        this.hub = hub;
        this.printer = printer;
    }

    /** A status_update to completed, failed or terminated: the agent's last word. */
    static boolean endsTheAgent(JsonNode event) {
        String status = Views.text(event.path("content").get("status"));
        return "status_update".equals(Views.text(event.get("event_type"))) && !status.isEmpty()
                && AgentStatus.fromWire(status).isTerminal();
    }

    /**
     * Prints the events of {@code query} (agent_id=, event_type=) recorded after event {@code after}, as they come,
     * until {@code last} holds for one of them; without such an event, until the process is stopped.
     */
    void follow(String query, long after, Predicate<JsonNode> last) throws InterruptedException {
        long cursor = after;
        long retryMs = FIRST_RETRY_MS;
        String lost = null;
        while (true) {
            Stream stream = new Stream();
            WebSocket socket;
            try {
                socket = hub.webSocket((query.isEmpty() ? "" : query + "&") + "after=" + cursor, stream).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    throw refused(refused);
                }
                if (lost == null) {
                    lost = "cannot reach the hub at " + hub.hub() + " (" + e.getCause() + ")";
                    System.err.println("descartes: " + lost + "; retrying, to resume after event " + cursor);
                }
                Thread.sleep(retryMs);
                retryMs = Math.min(2 * retryMs, MAX_RETRY_MS);
                continue;
            }
            if (lost != null) {
                System.err.println("descartes: connected again, resuming after event " + cursor);
                lost = null;
            }
            retryMs = FIRST_RETRY_MS;
            for (JsonNode event = stream.next(); event != null; event = stream.next()) {
                printer.print(event);
                cursor = event.get("id").asLong();
                if (last.test(event)) {
                    socket.abort();
                    return;
                }
            }
            socket.abort();
            lost = "the event stream ended (" + stream.why + ")";
            System.err.println("descartes: " + lost + "; reconnecting, to resume after event " + cursor);
        }
    }

    private CliFailure refused(WebSocketHandshakeException e) {
        int status = e.getResponse().statusCode();
        if (status == 401) {
            return hub.unauthorized();
        }
        return new CliFailure(DescartesCli.HUB_ERROR, "the hub refused to open /ws/events (" + status + ")");
    }

    /** One connection's events, handed from the WebSocket's thread to the one printing them, in order. */
    private static final class Stream implements WebSocket.Listener {

        private static final String END = new String("end of stream");

        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile String why;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            why = "closed by the hub: " + statusCode + (reason.isEmpty() ? "" : " " + reason);
            messages.add(END);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            why = String.valueOf(error);
            messages.add(END);
        }

        /** The next event, or null once the connection ended. */
        JsonNode next() throws InterruptedException {
            String message = messages.take();
            if (message == END) {
                return null;
            }
            try {
                return ProtocolJson.MAPPER.readTree(message);
            } catch (JsonProcessingException e) {
                throw new CliFailure(DescartesCli.HUB_ERROR,
                        "an event from /ws/events is not JSON: " + e.getOriginalMessage());
            }
        }
    }
}
