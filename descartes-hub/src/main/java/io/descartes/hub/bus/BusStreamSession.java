package io.descartes.hub.bus;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

/**
 * One bus WebSocket client: the channel or topic it follows, its resume state and what it has not been sent yet.
 *
 * <p>Resume without gap or duplicate, as on {@code /ws/events}: the session is registered with {@link BusStreams}
 * before the store is read, holding every message stored from then on; catch-up reads the history page by page, then
 * sends the held messages whose id is above the last one it sent, and from then on live messages go straight out.
 * Stored ids are assigned and pushed in commit order, so the union has no hole and the id check removes the overlap.
 *
 * <p>Only the connection's event loop writes to the socket. A client with more than {@code maxPending} frames not yet
 * written is closed instead of being waited for: it reconnects with {@code after=<last stored_id>} and loses nothing.
 */
final class BusStreamSession {

    static final short CLOSE_TOO_SLOW = 1008;
    static final short CLOSE_TRY_LATER = 1013;

    private record Held(long id, String frame) {
    }

    private final ServerWebSocket socket;
    private final Context eventLoop;
    private final BusStreamScope scope;
    private final int maxPending;
    private final AtomicInteger unwritten = new AtomicInteger();

    // guarded by this
    private List<Held> held;
    private long lastSentId;
    private boolean closed;

    /** @param catchingUp true when the client resumes from a cursor: live messages wait until catch-up is done */
    BusStreamSession(ServerWebSocket socket, Context eventLoop, BusStreamScope scope, boolean catchingUp, int maxPending) {
        this.socket = socket;
        this.eventLoop = eventLoop;
        this.scope = scope;
        this.maxPending = maxPending;
        this.held = catchingUp ? new ArrayList<>() : null;
    }

    /** A stored message as the stream sends it: its stored JSON (with {@code "type": "bus_message"}) and stored_id. */
    static String frame(long storedId, String content) {
        return "{\"stored_id\":" + storedId + "," + content.substring(1);
    }

    BusStreamScope scope() {
        return scope;
    }

    /** The completion thread; never blocks on the client. */
    synchronized void publish(long id, String frame) {
        if (closed || id <= lastSentId) {
            return;
        }
        if (held != null) {
            held.add(new Held(id, frame));
            if (held.size() > maxPending) {
                close(CLOSE_TOO_SLOW, "too far behind; reconnect with after=<last stored_id>");
            }
            return;
        }
        sendMessage(id, frame);
    }

    /**
     * Sends the scope's stored messages after {@code after}, then those held meanwhile, then turns live. Runs on a
     * pool thread; a page is read only once the previous one was written, so a long history never sits in memory.
     */
    void catchUp(BusStore store, long after, int pageSize, long sendTimeoutMillis) throws SQLException, InterruptedException {
        long cursor = after;
        while (true) {
            List<BusStore.Stored> page = store.history(scope.after(cursor, pageSize));
            for (BusStore.Stored row : page.subList(0, Math.min(pageSize, page.size()))) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    sendMessage(row.eventId(), frame(row.eventId(), row.content()));
                }
                cursor = row.eventId();
            }
            if (page.size() <= pageSize) {
                goLive();
                return;
            }
            if (!awaitWritten(sendTimeoutMillis)) {
                close(CLOSE_TOO_SLOW, "catch-up page not taken in time; reconnect with after=<last stored_id>");
                return;
            }
        }
    }

    private synchronized void goLive() {
        if (closed) {
            return;
        }
        for (Held h : held) {
            if (h.id() > lastSentId) {
                sendMessage(h.id(), h.frame());
            }
        }
        held = null;
    }

    /** Caller holds the lock, which keeps messages in id order across the catch-up/live switch. */
    private void sendMessage(long id, String frame) {
        lastSentId = id;
        send(frame);
    }

    /** Any thread: a frame for this client (a message, or the answer to something it sent). */
    void send(String frame) {
        if (unwritten.incrementAndGet() > maxPending) {
            close(CLOSE_TOO_SLOW, "too far behind; reconnect with after=<last stored_id>");
            return;
        }
        eventLoop.runOnContext(v -> {
            if (socket.isClosed()) {
                written();
            } else {
                socket.writeTextMessage(frame).onComplete(r -> written());
            }
        });
    }

    private void written() {
        if (unwritten.decrementAndGet() == 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private synchronized boolean awaitWritten(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!closed && unwritten.get() > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The socket closed: nothing more is sent. */
    synchronized void closed() {
        closed = true;
        held = null;
        notifyAll();
    }

    /** Any thread: stops sending at once; the close frame goes out from the event loop. */
    void close(short code, String reason) {
        closed();
        eventLoop.runOnContext(v -> {
            if (!socket.isClosed()) {
                socket.close(code, reason);
            }
        });
    }
}
