package io.descartes.hub.zmq;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.io.Metadata;

/**
 * The one thread that owns a ZMQ socket (ZMQ sockets are not thread-safe). It polls the socket together with a
 * wake-up pipe, sends what other threads queued, and hands received messages to its {@link Handler}. Nothing but
 * this thread ever touches the socket.
 */
final class ZmqSocketLoop {

    /** Called on the socket thread only. */
    interface Handler {
        /** userId: the ZAP user id the peer authenticated as (a CURVE client's Z85 public key), or null. */
        void onMessage(List<byte[]> frames, String userId);

        /** False stops reading the socket, so ZMQ high-water marks push back on the senders. */
        boolean wantsInput();

        /** Runs after every poll (at least every pollTimeout ms), e.g. to expire requests. */
        default void onTick() {
        }

        /** The addresses to bind or connect each time the socket opens: by default all the endpoint's. */
        default List<String> addresses(List<String> configured) {
            return configured;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ZmqSocketLoop.class);
    private static final long START_TIMEOUT_MS = 10_000;
    /** How long the socket thread waits after a poll that reported readiness nothing had (see run()). */
    private static final long SPURIOUS_READY_BACKOFF_NANOS = 50_000;
    /** Messages read per poll before sending again, so replies are not starved by a flood of requests. */
    private static final int READ_BATCH = 256;

    private final ZmqEndpoint endpoint;
    private final String name;
    private final String label;
    private final Handler handler;
    private final BlockingQueue<List<byte[]>> outbound;
    /** Consumer replies: never blocks the caller, bounded by maxInFlight since one exchange yields one reply. */
    private final Queue<List<byte[]>> replies = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final ByteBuffer wakeBuffer = ByteBuffer.allocate(64);
    private final CountDownLatch started = new CountDownLatch(1);

    /** REQ and REP strictly alternate send and receive; reading out of turn fails. */
    private final boolean lockStep;
    /** Lock-step only: the socket owes a send (REQ: its request, REP: its reply) before it may receive. */
    private boolean mustSend;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile boolean resetRequested;
    private volatile String downReason = "not started";
    private volatile List<String> boundAddresses = List.of();
    private volatile Throwable failure;
    private Pipe wakeup;
    /** Polls the socket thread made: written by it alone, read by tests. */
    private volatile long polls;
    private ExecutorService executor;

    /** {@code label} names the socket in the ready banner: a consumer's route id, a producer's socket type. */
    ZmqSocketLoop(ZmqEndpoint endpoint, String role, String label, Handler handler) {
        this.endpoint = endpoint;
        this.name = "ZmqSocket " + role + " " + endpoint.getSocketType() + " " + endpoint.getAddress();
        this.label = label;
        this.handler = handler;
        this.outbound = new LinkedBlockingQueue<>(endpoint.getConfiguration().getSendQueueSize());
        this.lockStep = endpoint.getSocketType() == ZmqSocketType.REQ || endpoint.getSocketType() == ZmqSocketType.REP;
        this.mustSend = endpoint.getSocketType() == ZmqSocketType.REQ;
    }

    /** Opens the socket on its own thread and waits until it is bound/connected, failing like the socket did. */
    synchronized void start() throws Exception {
        wakeup = Pipe.open();
        wakeup.source().configureBlocking(false);
        running = true;
        executor = endpoint.getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, name);
        executor.execute(this::run);
        if (!started.await(START_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            stop();
            throw new IllegalStateException(name + ": socket not open after " + START_TIMEOUT_MS + " ms");
        }
        if (failure != null) {
            Throwable cause = failure;
            stop();
            throw new IllegalStateException(name + ": cannot open socket: " + cause.getMessage(), cause);
        }
        endpoint.attach(this);
        endpoint.getComponent().opened(this);
    }

    /** Stops the thread, which closes the socket (linger applies), and waits for it to end. */
    synchronized void stop() {
        running = false;
        endpoint.detach(this);
        endpoint.getComponent().closed(this);
        if (executor != null) {
            wake();
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, START_TIMEOUT_MS);
            executor = null;
        }
        closeQuietly(wakeup);
        int dropped = outbound.size() + replies.size();
        if (dropped > 0) {
            LOG.warn("{}: dropped {} unsent messages on stop", name, dropped);
        }
        outbound.clear();
        replies.clear();
    }

    /** Queues a message, blocking up to sendTimeout while the queue is full so memory stays bounded. */
    void send(List<byte[]> frames) throws InterruptedException {
        if (!running) {
            throw new IllegalStateException(name + " is not running");
        }
        if (!outbound.offer(frames)) {
            wake(); // a full queue must not wait for a wake-up deferred by ZmqWakeups
            if (!outbound.offer(frames, endpoint.getConfiguration().getSendTimeout(), TimeUnit.MILLISECONDS)) {
                throw new ZmqSendTimeoutException(name + ": send queue full (" + endpoint.getConfiguration().getSendQueueSize()
                        + " messages) for " + endpoint.getConfiguration().getSendTimeout() + " ms; the peer is slow or absent");
            }
        }
        ZmqWakeups.wakeSoon(this);
    }

    void reply(List<byte[]> frames) {
        replies.add(frames);
        ZmqWakeups.wakeSoon(this);
    }

    /** Lazy pirate: close and reopen the socket, dropping whatever it still holds (e.g. a late REQ reply). */
    void resetSocket() {
        resetRequested = true;
        wake();
    }

    void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                wakeup.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException | RuntimeException e) {
                LOG.debug("{}: wake-up failed (stopping?)", name, e);
            }
        }
    }

    long polls() {
        return polls;
    }

    boolean isReady() {
        return ready;
    }

    String getDownReason() {
        return downReason;
    }

    String getName() {
        return name;
    }

    /** "label address" for each address the socket is bound to (none when it connects), as the OS resolved it. */
    List<String> describeBound() {
        return boundAddresses.stream().map(a -> label + " " + a).toList();
    }

    private void run() {
        ZMQ.Context context = endpoint.getComponent().getZmqContext();
        Selector selector = context.selector();
        ZMQ.Socket socket = null;
        try {
            socket = open(context);
            started.countDown();
            List<byte[]> unsent = null;
            while (running) {
                if (resetRequested) {
                    resetRequested = false;
                    ready = false;
                    socket.close();
                    socket = null;
                    unsent = null; // belonged to the request that timed out
                    mustSend = endpoint.getSocketType() == ZmqSocketType.REQ;
                    socket = open(context);
                }
                unsent = sendQueued(socket, unsent);
                int events = (readable() ? ZMQ.Poller.POLLIN : 0) | (unsent != null ? ZMQ.Poller.POLLOUT : 0);
                ZMQ.PollItem wakeItem = new ZMQ.PollItem(wakeup.source(), ZMQ.Poller.POLLIN);
                ZMQ.PollItem[] items = events == 0
                        ? new ZMQ.PollItem[] {wakeItem}
                        : new ZMQ.PollItem[] {wakeItem, new ZMQ.PollItem(socket, events)};
                int reported = ZMQ.poll(selector, items, endpoint.getConfiguration().getPollTimeout());
                polls++;
                boolean woken = wakeItem.isReadable() && drainWakeup();
                boolean input = items.length > 1 && items[1].isReadable();
                boolean output = items.length > 1 && items[1].isWritable();
                if (input) {
                    receive(socket);
                }
                handler.onTick();
                if (reported > 0 && !woken && !input && !output) {
                    // nothing was ready: the socket's mailbox signalled by a thread that has not finished signalling
                    // (JeroMQ counts the signal after writing it), reported with the wake-up pipe's stale readiness;
                    // polling again at once would spin until that thread, which this spin keeps off the CPU, resumes
                    LockSupport.parkNanos(SPURIOUS_READY_BACKOFF_NANOS);
                }
            }
            // what was queued before stop() still goes out; linger then gives ZeroMQ time to deliver it
            sendQueued(socket, unsent);
            downReason = "stopped";
        } catch (Throwable e) {
            failure = e;
            downReason = "socket thread failed: " + e;
            if (running && started.getCount() == 0) {
                LOG.error("{}: socket thread failed", name, e);
            }
        } finally {
            ready = false;
            started.countDown();
            if (socket != null) {
                socket.close();
            }
            context.close(selector);
        }
    }

    private ZMQ.Socket open(ZMQ.Context context) {
        List<String> bound = new ArrayList<>();
        ZMQ.Socket socket = endpoint.openSocket(context, handler.addresses(endpoint.getAddresses()), bound);
        boundAddresses = List.copyOf(bound);
        ready = true;
        downReason = null;
        return socket;
    }

    /** Sends replies first, then queued messages, until ZMQ would block; returns the message that would block. */
    private List<byte[]> sendQueued(ZMQ.Socket socket, List<byte[]> unsent) {
        List<byte[]> next = unsent;
        while (true) {
            if (next == null) {
                next = replies.poll();
            }
            if (next == null) {
                next = outbound.poll();
            }
            if (next == null || !trySend(socket, next)) {
                return next;
            }
            next = null;
        }
    }

    private boolean trySend(ZMQ.Socket socket, List<byte[]> frames) {
        try {
            int last = frames.size() - 1;
            for (int i = 0; i <= last; i++) {
                int flags = ZMQ.DONTWAIT | (i < last ? ZMQ.SNDMORE : 0);
                if (!socket.send(frames.get(i), flags)) {
                    // only the first frame can hit the HWM: a multipart message is queued atomically
                    return false;
                }
            }
            mustSend = false;
        } catch (ZMQException e) {
            LOG.warn("{}: dropped a message ZMQ refused: {}", name, e.getMessage());
        }
        return true;
    }

    private boolean readable() {
        return handler.wantsInput() && !(lockStep && mustSend);
    }

    private void receive(ZMQ.Socket socket) {
        for (int n = 0; n < READ_BATCH && running && readable(); n++) {
            Msg first;
            try {
                first = socket.recvMsg(ZMQ.DONTWAIT);
            } catch (ZMQException e) {
                LOG.warn("{}: receive refused: {}", name, e.getMessage());
                return;
            }
            if (first == null) {
                return;
            }
            mustSend = lockStep;
            List<byte[]> frames = new ArrayList<>(4);
            frames.add(first.data());
            String userId = userId(first);
            while (socket.hasReceiveMore()) {
                Msg next = socket.recvMsg(0);
                frames.add(next.data());
                userId = userId == null ? userId(next) : userId;
            }
            handler.onMessage(frames, userId);
        }
    }

    /** A ROUTER's own identity frame carries no metadata; the peer's frames do. */
    private static String userId(Msg msg) {
        Metadata metadata = msg.getMetadata();
        String userId = metadata == null ? null : metadata.get(Metadata.USER_ID);
        return userId == null || userId.isEmpty() ? null : userId;
    }

    /**
     * Reads before clearing the flag: a wake-up that finds the flag still set is covered by this iteration. True if
     * there was a wake-up to read (JeroMQ may report the pipe readable when it is not).
     */
    private boolean drainWakeup() throws IOException {
        wakeBuffer.clear();
        boolean read = false;
        while (wakeup.source().read(wakeBuffer) > 0) {
            wakeBuffer.clear();
            read = true;
        }
        wakePending.set(false);
        return read;
    }

    private static void closeQuietly(Pipe pipe) {
        if (pipe == null) {
            return;
        }
        try {
            pipe.sink().close();
            pipe.source().close();
        } catch (IOException e) {
            LOG.debug("closing wake-up pipe", e);
        }
    }
}
