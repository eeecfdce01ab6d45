package io.descartes.hub.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonResponse;
import io.descartes.hub.http.QueryParameters;
import io.descartes.hub.store.EventStore;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/events}, mounted on platform-http's Vert.x router, so it shares the HTTP port.
 *
 * <p>Why not a camel-vertx-websocket consumer route: in 4.17 that consumer hands OPEN, MESSAGE and
 * CLOSE to the route through {@code executeBlocking(..., ordered=false)}, so a client's CLOSE can be
 * processed before its OPEN (a closed client would stay registered), it owns the socket's close
 * handler, and its producer calls {@code writeTextMessage} without looking at {@code writeQueueFull()},
 * so a client that stops reading would make the hub buffer without bound. Catch-up also needs
 * per-client state ordered against the live broadcast. Owning the upgrade gives ordered lifecycle
 * callbacks on the connection's event loop and a bounded outbox per client.
 */
public final class EventStreamEndpoint {

    public static final String PATH = "/ws/events";

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamEndpoint.class);
    // access_token: the bearer token of a browser client, checked by the security handler in front
    private static final Set<String> PARAMETERS = Set.of("after", "agent_id", "event_type", "access_token");
    private static final Set<String> FILTER_FIELDS = Set.of("agent_id", "event_type");

    private final EventBroadcaster broadcaster;
    private final EventStore store;
    private final EventJson json;
    private final ObjectMapper mapper;
    private final ExecutorService catchUpPool;
    private final int maxPending;
    private final int catchUpPageSize;
    private final long sendTimeoutMillis;

    public EventStreamEndpoint(EventBroadcaster broadcaster, EventStore store, EventJson json, ObjectMapper mapper,
                               ExecutorService catchUpPool, int maxPending, int catchUpPageSize, long sendTimeoutMillis) {
        if (maxPending < 1 || catchUpPageSize < 1 || sendTimeoutMillis < 1) {
            throw new IllegalArgumentException("WebSocket stream: max pending, catch-up page size and send timeout must be >= 1");
        }
        this.broadcaster = broadcaster;
        this.store = store;
        this.json = json;
        this.mapper = mapper;
        this.catchUpPool = catchUpPool;
        this.maxPending = maxPending;
        this.catchUpPageSize = catchUpPageSize;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    public void mount(Router router) {
        router.route(PATH).handler(this::upgrade);
    }

    private void upgrade(RoutingContext rc) {
        EventFilter filter;
        Long after;
        try {
            QueryParameters q = QueryParameters.parse(rc.request().query(), PARAMETERS);
            filter = new EventFilter(q.text("agent_id"), q.text("event_type"));
            after = q.has("after") ? q.cursor("after") : null;
            if (!"websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE))) {
                throw ApiException.badRequest(PATH + " is a WebSocket endpoint: send an upgrade request");
            }
        } catch (ApiException e) {
            rc.response().setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(JsonResponse.error(e.status(), e.getMessage()).toString());
            return;
        }
        // the upgraded WebSocket keeps the request's connection, and with it its Netty channel
        ChannelHandlerContext channel = ((ConnectionBase) rc.request().connection()).channelHandlerContext();
        rc.request().toWebSocket()
                .onSuccess(socket -> open(socket, channel, filter, after))
                .onFailure(e -> LOG.debug("{}: upgrade failed: {}", PATH, e.getMessage()));
    }

    /** On the connection's event loop. */
    private void open(ServerWebSocket socket, ChannelHandlerContext channel, EventFilter filter, Long after) {
        EventStreamSession session = new EventStreamSession(socket, channel, Vertx.currentContext(), filter, after != null,
                maxPending, broadcaster.metrics());
        socket.closeHandler(v -> {
            session.closed();
            broadcaster.remove(session);
        });
        socket.exceptionHandler(e -> LOG.debug("{}: client error: {}", PATH, e.getMessage()));
        socket.textMessageHandler(text -> changeFilter(session, text));
        broadcaster.add(session); // before the store is read: see EventStreamSession
        if (after != null) {
            try {
                catchUpPool.execute(() -> catchUp(session, after));
            } catch (RejectedExecutionException e) {
                broadcaster.remove(session);
                session.close(EventStreamSession.CLOSE_TRY_LATER, "too many clients catching up; retry");
            }
        }
    }

    private void catchUp(EventStreamSession session, long after) {
        try {
            session.catchUp(store, json, after, catchUpPageSize, sendTimeoutMillis);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("{}: catch-up after {} failed: {}", PATH, after, e.toString());
            session.close(EventStreamSession.CLOSE_TRY_LATER, "catch-up failed; retry");
        }
        if (session.isClosed()) {
            broadcaster.remove(session);
        }
    }

    /** A client message {"agent_id": ..., "event_type": ...} replaces its filter; a missing or null field matches all. */
    private void changeFilter(EventStreamSession session, String text) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!FILTER_FIELDS.contains(field.getKey())) {
                    throw new IllegalArgumentException("unknown field '" + field.getKey() + "'");
                }
                if (!field.getValue().isTextual() && !field.getValue().isNull()) {
                    throw new IllegalArgumentException("'" + field.getKey() + "' must be a string or null");
                }
            }
            session.changeFilter(new EventFilter(node.path("agent_id").textValue(), node.path("event_type").textValue()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            session.close(EventStreamSession.CLOSE_BAD_INPUT, "bad filter message: " + truncate(e.getMessage()));
            broadcaster.remove(session);
        }
    }

    /** A close reason must fit in 123 bytes. */
    private static String truncate(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 60) : line;
    }
}
