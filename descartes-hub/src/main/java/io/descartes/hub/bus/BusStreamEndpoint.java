package io.descartes.hub.bus;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonResponse;
import io.descartes.hub.http.KnownFields;
import io.descartes.hub.http.QueryParameters;
import io.descartes.hub.protocol.BusMessage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/bus/channels/{channel}} and {@code /ws/bus/topics/{topic}} on the HTTP port (token as for
 * {@code /ws/events}): the scope's messages in stored order, from {@code ?after=<stored_id>} when given (no gap, no
 * duplicate across a reconnect), then live. A text frame the client sends is a message into the scope, stored once
 * like {@code POST /api/bus/messages} and answered with {@code {"type": "bus_reply", id, stored_id, duplicate}}; a bad
 * one gets {@code {"type": "error", status, error}} and the socket stays open.
 */
public final class BusStreamEndpoint {

    public static final String CHANNELS = "/ws/bus/channels/";
    public static final String TOPICS = "/ws/bus/topics/";

    private static final Logger LOG = LoggerFactory.getLogger(BusStreamEndpoint.class);
    // access_token: the bearer token of a browser client, checked by the security handler in front
    private static final Set<String> PARAMETERS = Set.of("after", "access_token");
    /** What a client may set on a message it sends; the hub sets the channel or topic and stamps the rest. */
    private static final Set<String> SENT_FIELDS = Set.of("id", "kind", "sender", "request_id", "correlation_id",
            "payload", "priority", "requires_ack", "ttl_secs");

    private final BusStreams streams;
    private final BusStore store;
    private final BusSubmissions submissions;
    private final ObjectMapper json;
    private final ExecutorService pool;
    private final int maxPending;
    private final int catchUpPageSize;
    private final long sendTimeoutMillis;

    BusStreamEndpoint(BusStreams streams, BusStore store, BusSubmissions submissions, ObjectMapper json,
                      ExecutorService pool, int maxPending, int catchUpPageSize, long sendTimeoutMillis) {
        this.streams = streams;
        this.store = store;
        this.submissions = submissions;
        this.json = json;
        this.pool = pool;
        this.maxPending = maxPending;
        this.catchUpPageSize = catchUpPageSize;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    public void mount(Router router) {
        router.route(CHANNELS + ":name").handler(rc -> upgrade(rc, true));
        router.route(TOPICS + ":name").handler(rc -> upgrade(rc, false));
    }

    private void upgrade(RoutingContext rc, boolean channel) {
        BusStreamScope scope;
        Long after;
        try {
            QueryParameters q = QueryParameters.parse(rc.request().query(), PARAMETERS);
            after = q.has("after") ? q.cursor("after") : null;
            String field = channel ? "channel" : "topic";
            scope = new BusStreamScope(channel, BusNames.address(field, rc.pathParam("name")));
            if (!"websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE))) {
                throw ApiException.badRequest(rc.normalizedPath() + " is a WebSocket endpoint: send an upgrade request");
            }
        } catch (ApiException e) {
            refuse(rc, e.status(), e.getMessage());
            return;
        } catch (BusRefusal e) {
            refuse(rc, 400, e.getMessage());
            return;
        }
        rc.request().toWebSocket()
                .onSuccess(socket -> open(socket, scope, after))
                .onFailure(e -> LOG.debug("{}: upgrade failed: {}", rc.normalizedPath(), e.getMessage()));
    }

    private static void refuse(RoutingContext rc, int status, String message) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(JsonResponse.error(status, message).toString());
    }

    /** On the connection's event loop. */
    private void open(ServerWebSocket socket, BusStreamScope scope, Long after) {
        BusStreamSession session = new BusStreamSession(socket, Vertx.currentContext(), scope, after != null, maxPending);
        socket.closeHandler(v -> {
            session.closed();
            streams.remove(session);
        });
        socket.exceptionHandler(e -> LOG.debug("bus stream {}: client error: {}", scope.name(), e.getMessage()));
        socket.textMessageHandler(text -> receive(session, text));
        socket.binaryMessageHandler(bytes -> session.send(error(400, null, "send messages as JSON text frames")));
        streams.add(session); // before the store is read: see BusStreamSession
        if (after != null) {
            try {
                pool.execute(() -> catchUp(session, after));
            } catch (RejectedExecutionException e) {
                streams.remove(session);
                session.close(BusStreamSession.CLOSE_TRY_LATER, "too many clients catching up; retry");
            }
        }
    }

    private void catchUp(BusStreamSession session, long after) {
        try {
            session.catchUp(store, after, catchUpPageSize, sendTimeoutMillis);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("bus stream {}: catch-up after {} failed: {}", session.scope().name(), after, e.toString());
            session.close(BusStreamSession.CLOSE_TRY_LATER, "catch-up failed; retry");
        }
        if (session.isClosed()) {
            streams.remove(session);
        }
    }

    /** A client's message: checked here, stored on a pool thread (the event loop never waits for the journal). */
    private void receive(BusStreamSession session, String text) {
        BusMessage message;
        try {
            message = submissions.message(sent(session.scope(), text));
        } catch (ApiException e) {
            session.send(error(e.status(), null, e.getMessage()));
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    ObjectNode reply = BusSubmissions.stored(submissions.send(message)).put("type", "bus_reply");
                    session.send(reply.toString());
                } catch (ApiException e) {
                    session.send(error(e.status(), message.id(), e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            session.send(error(503, message.id(), "the hub is busy; send it again with the same id"));
        }
    }

    /** The frame as a message body: a JSON object of the known fields, kind publish unless it says otherwise. */
    private ObjectNode sent(BusStreamScope scope, String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("a message must be a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("a message must be a JSON object");
        }
        ObjectNode body = (ObjectNode) node;
        KnownFields.check(body, SENT_FIELDS, "the message");
        if (!body.hasNonNull("kind")) {
            body.put("kind", "publish");
        }
        return body.put(scope.field(), scope.name());
    }

    private static String error(int status, String id, String message) {
        ObjectNode error = JsonResponse.error(status, message).put("type", "error");
        return (id == null ? error : error.put("id", id)).toString();
    }
}
