package io.descartes.hub.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.protocol.ViewTime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The WebSocket half of the hand-written baseline ({@code BaselineEventServer --ws-port=P}): a lean Vert.x server
 * (the hub's Vert.x, no Camel, no filters, no catch-up) on {@code /ws/events} that sends every committed event's JSON,
 * in the hub's form ({@code {"id":N,"event_type":..,"timestamp":..,"agent_id":..,"session_id":null,"content":{..},
 * "metadata":{..},"git_commit":null}}), to every connected client, in commit order.
 *
 * <p>Written as a careful hand would: per committed batch, each event's JSON is encoded once and all the batch's
 * RFC 6455 text frames go into one direct buffer; one task per event loop (not per client: a wake-up each) writes a
 * duplicate of it to each of that loop's clients' Netty channels and flushes them, one write and one flush per client
 * and batch (the WebSocket encoder passes bytes through). A client whose unsent bytes pass {@link #MAX_PENDING_BYTES}
 * is closed, the hub's memory bound for a slow client.
 */
final class BaselineWsFanout {

    /** About the hub's bound: {@code hub.ws.max-pending} = 32,768 events of ~550 bytes. */
    static final long MAX_PENDING_BYTES = 16L << 20;

    /** The connected clients by the event loop that writes to them. */
    private final Map<EventExecutor, List<ChannelHandlerContext>> clients = new ConcurrentHashMap<>();
    private final StringBuilder json = new StringBuilder(1024);
    private ByteBuf batch;
    private long second = -1;
    private String timestamp;

    private BaselineWsFanout() {
    }

    /** Listens on 127.0.0.1:port; any upgrade on /ws/events is a client (the bench's bearer token is not checked). */
    static BaselineWsFanout listen(int port) throws Exception {
        BaselineWsFanout fanout = new BaselineWsFanout();
        Vertx.vertx().createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(request -> {
                    if (!"/ws/events".equals(request.path())) {
                        request.response().setStatusCode(404).end();
                        return;
                    }
                    // the upgraded WebSocket keeps the request's connection, and with it its Netty channel
                    ChannelHandlerContext channel = ((ConnectionBase) request.connection()).channelHandlerContext();
                    request.toWebSocket().onSuccess(ws -> {
                        fanout.clientsOf(channel).add(channel);
                        ws.closeHandler(v -> fanout.clientsOf(channel).remove(channel));
                    });
                })
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return fanout;
    }

    private List<ChannelHandlerContext> clientsOf(ChannelHandlerContext channel) {
        return clients.computeIfAbsent(channel.executor(), loop -> new CopyOnWriteArrayList<>());
    }

    /** Adds a committed event to the batch being built (nothing when no client is connected). */
    void add(long id, long epochSecond, String agentId, String content, String metadata) {
        if (batch == null && clients.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        if (epochSecond != second) {
            second = epochSecond;
            timestamp = ViewTime.ofEpochSecond(epochSecond, 0);
        }
        json.setLength(0);
        json.append("{\"id\":").append(id).append(",\"event_type\":\"log_stream\",\"timestamp\":\"").append(timestamp)
                .append("\",\"agent_id\":\"").append(agentId).append("\",\"session_id\":null,\"content\":").append(content)
                .append(",\"metadata\":").append(metadata).append(",\"git_commit\":null}");
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        if (batch == null) {
            batch = ByteBufAllocator.DEFAULT.directBuffer(64 * (utf8.length + 4));
        }
        batch.writeByte(0x81); // FIN, text
        if (utf8.length < 126) {
            batch.writeByte(utf8.length);
        } else if (utf8.length < 65_536) {
            batch.writeByte(126).writeShort(utf8.length);
        } else {
            batch.writeByte(127).writeLong(utf8.length);
        }
        batch.writeBytes(utf8);
    }

    /** Sends the batch built since the last call to every client. */
    void send() {
        if (batch == null) {
            return;
        }
        ByteBuf frames = batch;
        batch = null;
        try {
            clients.forEach((loop, onLoop) -> {
                if (!onLoop.isEmpty()) {
                    frames.retain();
                    loop.execute(() -> write(frames, onLoop));
                }
            });
        } finally {
            frames.release();
        }
    }

    /** On the clients' event loop; releases the task's reference to the frames. */
    private static void write(ByteBuf frames, List<ChannelHandlerContext> onLoop) {
        try {
            for (ChannelHandlerContext client : onLoop) {
                if (client.channel().bytesBeforeWritable() > MAX_PENDING_BYTES) {
                    onLoop.remove(client);
                    client.close();
                } else {
                    client.writeAndFlush(frames.retainedDuplicate(), client.voidPromise());
                }
            }
        } finally {
            frames.release();
        }
    }
}
