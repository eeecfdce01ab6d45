package io.descartes.hub.api;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.descartes.hub.store.EventQuery;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.store.EventStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

/**
 * One {@code /ws/events} client: its filter, its bounded outbox and its catch-up state.
 *
 * <p>Resume without gap or duplicate: the session is registered with the broadcaster as
 * <em>catching up</em> before the store is read, so every event committed from then on is held
 * here; catch-up reads the store page by page, then releases the held events whose id is above the
 * last one it sent, and from then on live events go straight to the outbox. Events committed
 * before registration are in the store; ids are assigned and broadcast in commit order, so the
 * union has no hole and the id check removes the overlap.
 *
 * <p>Threads: the broadcaster (the journal's completion thread) calls {@link #publish}; catch-up runs on
 * a pool thread; only the connection's Vert.x event loop writes to the socket. Writing stops while
 * Vert.x reports the socket's write queue full, and a client whose outbox grows past
 * {@code maxPending} is closed instead of being waited for: it reconnects with its cursor.
 */
final class EventStreamSession {

    static final short CLOSE_TOO_SLOW = 1008;   // policy violation: the client did not keep up
    static final short CLOSE_BAD_INPUT = 1003;  // unacceptable data from the client
    static final short CLOSE_TRY_LATER = 1013;

    private final ServerWebSocket socket;
    private final ChannelHandlerContext channel;
    private final Context eventLoop;
    private final int maxPending;
    private final EventStreamMetrics metrics;
    /** Frames to write, each this client's reference (released when written, or when the socket closes). */
    private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    /** Events in the outbox. */
    private final AtomicInteger outboxSize = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile EventFilter filter;

    // guarded by this
    private List<EventRow> held;
    private long lastQueuedId;
    private boolean closed;

    /**
     * @param channel    the connection's Netty context, under the socket: see {@link #drain}
     * @param catchingUp true when the client resumes from a cursor: live events are held until {@link #catchUp} is done
     */
    EventStreamSession(ServerWebSocket socket, ChannelHandlerContext channel, Context eventLoop, EventFilter filter,
                       boolean catchingUp, int maxPending, EventStreamMetrics metrics) {
        this.socket = socket;
        this.channel = channel;
        this.eventLoop = eventLoop;
        this.filter = filter;
        this.maxPending = maxPending;
        this.metrics = metrics;
        this.held = catchingUp ? new ArrayList<>() : null;
        // set once, before the first drain: a flush can make the socket writable again before drain() returns
        socket.drainHandler(v -> drain());
    }

    EventFilter filter() {
        return filter;
    }

    /** Applies to events published from now on (and to catch-up pages not read yet). */
    void changeFilter(EventFilter filter) {
        this.filter = filter;
    }

    /**
     * Broadcaster thread; never blocks on the client. Queues the batch's events this client wants, each run of
     * consecutive frames as one slice of the batch's buffer.
     *
     * @param matches by row, whether this client's filter as of the batch matches it (the broadcaster built the frames
     *                for these)
     * @return false when the client fell behind and is being closed (the caller drops it)
     */
    synchronized boolean publish(BatchFrames frames, boolean[] matches) {
        if (closed) {
            return false;
        }
        List<EventRow> rows = frames.rows();
        int runFrom = 0;
        int runEvents = 0;
        long runLastId = 0;
        for (int i = 0; i < rows.size(); i++) {
            EventRow row = rows.get(i);
            if (row.id() > lastQueuedId && matches[i]) {
                if (held != null) {
                    held.add(row);
                } else {
                    runFrom = runEvents == 0 ? i : runFrom;
                    runEvents++;
                    runLastId = row.id();
                }
            } else if (runEvents > 0 && frames.built(i)) { // another client's event ends this client's run
                if (enqueue(runLastId, frames.share(runFrom, i), runEvents) > maxPending) {
                    return closeTooSlow();
                }
                runEvents = 0;
            }
        }
        if (held != null) {
            return held.size() <= maxPending || closeTooSlow();
        }
        return runEvents == 0 || enqueue(runLastId, frames.share(runFrom, rows.size()), runEvents) <= maxPending
                || closeTooSlow();
    }

    /**
     * Sends every stored event after {@code after} that matches the filter, then the events held
     * meanwhile, then turns live. Runs on a pool thread; a page is read only when the client has
     * taken the previous one, so a large backlog never sits in memory.
     */
    void catchUp(EventStore store, EventJson json, long after, int pageSize, long sendTimeoutMillis)
            throws SQLException, InterruptedException {
        long cursor = after;
        while (true) {
            EventFilter f = filter;
            List<EventRow> page = store.find(new EventQuery(cursor, f.agentId(), f.eventType(), null, pageSize));
            for (EventRow row : page) {
                byte[] utf8 = json.toUtf8(row); // outside the lock the broadcaster needs
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    enqueue(row.id(), EventFrame.of(utf8), 1);
                }
                cursor = row.id();
            }
            if (page.size() < pageSize) {
                goLive(json);
                return;
            }
            if (!awaitDrained(sendTimeoutMillis)) {
                closeTooSlow();
                return;
            }
        }
    }

    private synchronized void goLive(EventJson json) {
        if (closed) {
            return;
        }
        for (EventRow row : held) {
            if (row.id() > lastQueuedId && filter.test(row)) {
                enqueue(row.id(), EventFrame.of(json.toUtf8(row)), 1);
            }
        }
        held = null;
    }

    private synchronized boolean awaitDrained(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!closed && outboxSize.get() > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /**
     * Caller holds the lock, which keeps the outbox in id order across the catch-up/live switch.
     *
     * @param lastId the id of the last of the {@code events} in {@code frames}
     * @return the events in the outbox now
     */
    private int enqueue(long lastId, ByteBuf frames, int events) {
        lastQueuedId = lastId;
        outbox.add(new Outgoing(frames, events));
        int size = outboxSize.addAndGet(events);
        scheduleDrain();
        return size;
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            eventLoop.runOnContext(v -> drain());
        }
    }

    /**
     * Event loop: writes while the socket takes more, then flushes once; resumes from the drain handler when it is
     * full. The frames go to the connection's Netty channel, since {@code writeTextMessage} flushes each message: one
     * system call per event and client, which was most of the fan-out's cost at 10,000 events/s to 10 clients. The
     * frames are whole ({@link EventFrame}), written as bytes, which the WebSocket frame encoder passes through.
     * The flush itself may hand everything to the kernel and make the socket writable again, with its writability
     * event fired inside the flush: then the drain goes on by itself, as no drain-handler call is coming (missing
     * that stalled a client mid catch-up until the send timeout).
     */
    private void drain() {
        drainScheduled.set(false);
        if (socket.isClosed()) {
            return;
        }
        boolean written = false;
        while (!socket.writeQueueFull()) {
            Outgoing next = outbox.poll();
            if (next == null) {
                break;
            }
            outboxSize.addAndGet(-next.events);
            channel.write(next.frames, channel.voidPromise()); // Netty releases it once written
            written = true;
            metrics.messagesSent(next.events);
        }
        if (written) {
            channel.flush();
        }
        if (outboxSize.get() == 0) {
            synchronized (this) {
                notifyAll(); // a catch-up waiting for its page to be taken
            }
        } else if (!socket.writeQueueFull()) {
            scheduleDrain(); // after the other connections' work on this event loop
        }
    }

    /** The socket closed (by either side). */
    synchronized void closed() {
        closed = true;
        held = null;
        for (Outgoing next = outbox.poll(); next != null; next = outbox.poll()) {
            next.frames.release();
        }
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private boolean closeTooSlow() {
        metrics.slowClientDropped();
        close(CLOSE_TOO_SLOW, "too slow: more than " + maxPending + " events pending; reconnect with after=<last id>");
        return false;
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

    /** Whole frames of {@code events} consecutive events this client wants. */
    private record Outgoing(ByteBuf frames, int events) {
    }
}
