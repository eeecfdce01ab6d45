package io.descartes.hub.zmq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer side socket of an endpoint, shared by all its producers.
 * <ul>
 * <li>PUSH, PUB (header ZmqTopic as first frame), ROUTER (header ZmqIdentity picks the peer), DEALER InOnly: send;
 * with header ZmqBatch=true, each message of the List body in turn.</li>
 * <li>DEALER InOut: sends [correlationId, "", payload...] so a ROUTER or a REP server echoes the envelope; the reply
 * is matched by that first frame, so many requests are pipelined on one socket. A reply that comes after
 * requestTimeout finds no request and is dropped.</li>
 * <li>REQ: lock-step, one request at a time; after a timeout the socket is reopened (lazy pirate), which drops the
 * late reply with it.</li>
 * <li>failover=true (DEALER, REQ): connects one of the addresses at a time ({@link FailoverAddresses}); when it moves
 * on, the requests still waiting on the server it left fail at once with ExchangeTimedOutException, so their senders
 * re-send them to the next one.</li>
 * </ul>
 * Replies complete the exchange on the socket thread; a route that blocks after an InOut send should hand off.
 */
final class ZmqProducerSocket implements ZmqSocketLoop.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ZmqProducerSocket.class);
    private static final byte[] EMPTY = new byte[0];
    private static final ByteBuffer REQ_KEY = ByteBuffer.allocate(0);

    /** sentAt: System.nanoTime() when it was queued, for {@link FailoverAddresses}. */
    private record Pending(Exchange exchange, AsyncCallback callback, long deadline, long sentAt) {
    }

    private final ZmqEndpoint endpoint;
    private final ZmqSocketType type;
    private final ZmqSocketLoop loop;
    private final Map<ByteBuffer, Pending> pending = new ConcurrentHashMap<>();
    private final Semaphore reqTurn = new Semaphore(1, true);
    private final ZmqHealthCheck healthCheck;
    /** Null unless failover=true. */
    private final FailoverAddresses failover;
    private WritableHealthCheckRepository healthRepository;
    /** Random start, so ids of a restarted producer do not match replies meant for the previous one. */
    private final AtomicLong nextId = new AtomicLong(ThreadLocalRandom.current().nextLong());

    ZmqProducerSocket(ZmqEndpoint endpoint) {
        this.endpoint = endpoint;
        this.type = endpoint.getSocketType();
        this.loop = new ZmqSocketLoop(endpoint, "producer", type.name().toLowerCase(Locale.ROOT), this);
        this.healthCheck = new ZmqHealthCheck(endpoint, "producer", () -> loop);
        this.failover = endpoint.getConfiguration().isFailover()
                ? new FailoverAddresses(endpoint.getAddresses(), System.nanoTime()) : null;
    }

    void start() throws Exception {
        loop.start();
        healthRepository = HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthRepository != null) {
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            healthRepository.addHealthCheck(healthCheck);
        }
    }

    void stop() {
        if (healthRepository != null) {
            healthRepository.removeHealthCheck(healthCheck);
        }
        loop.stop();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext();) {
            Pending request = it.next();
            it.remove();
            fail(request, new IllegalStateException(loop.getName() + " stopped before the reply came"));
        }
    }

    boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            if (type == ZmqSocketType.REQ || type == ZmqSocketType.DEALER && exchange.getPattern().isOutCapable()) {
                return request(exchange, callback, ZmqFrames.of(exchange.getIn()));
            }
            if (exchange.getIn().getHeader(ZmqConstants.BATCH, false, Boolean.class)) {
                for (Object message : exchange.getIn().getMandatoryBody(List.class)) {
                    loop.send(addressed(exchange, ZmqFrames.of(exchange.getIn(), message)));
                }
            } else {
                loop.send(addressed(exchange, ZmqFrames.of(exchange.getIn())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setException(e);
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private List<byte[]> addressed(Exchange exchange, List<byte[]> payload) {
        byte[] first = switch (type) {
            case PUB -> {
                String topic = exchange.getIn().getHeader(ZmqConstants.TOPIC, String.class);
                yield topic == null ? null : topic.getBytes(StandardCharsets.UTF_8);
            }
            case ROUTER -> {
                byte[] identity = exchange.getIn().getHeader(ZmqConstants.IDENTITY, byte[].class);
                if (identity == null) {
                    throw new IllegalArgumentException("A ROUTER producer needs header " + ZmqConstants.IDENTITY);
                }
                yield identity;
            }
            default -> null;
        };
        return first == null ? payload : prepend(payload, first);
    }

    private boolean request(Exchange exchange, AsyncCallback callback, List<byte[]> payload) throws InterruptedException {
        boolean lockStep = type == ZmqSocketType.REQ;
        if (lockStep && !reqTurn.tryAcquire(endpoint.getConfiguration().getSendTimeout(), TimeUnit.MILLISECONDS)) {
            throw new ZmqSendTimeoutException(loop.getName() + ": REQ socket busy with another request for "
                    + endpoint.getConfiguration().getSendTimeout() + " ms");
        }
        ByteBuffer key = lockStep ? REQ_KEY : ByteBuffer.allocate(Long.BYTES).putLong(0, nextId.getAndIncrement());
        pending.put(key, new Pending(exchange, callback,
                System.currentTimeMillis() + endpoint.getConfiguration().getRequestTimeout(), System.nanoTime()));
        try {
            loop.send(lockStep ? payload : prepend(prepend(payload, EMPTY), key.array()));
        } catch (InterruptedException | RuntimeException e) {
            if (pending.remove(key) != null && lockStep) {
                reqTurn.release();
            }
            throw e;
        }
        return false;
    }

    @Override
    public List<String> addresses(List<String> configured) {
        return failover == null ? configured : List.of(failover.current());
    }

    @Override
    public boolean wantsInput() {
        // replies must be read (and other inbound drained) or they would fill the receive queue
        return type.canReceive();
    }

    @Override
    public void onMessage(List<byte[]> frames, String userId) {
        if (failover != null) {
            failover.heard(System.nanoTime());
        }
        ByteBuffer key;
        List<byte[]> reply;
        if (type == ZmqSocketType.REQ) {
            key = REQ_KEY;
            reply = frames;
        } else if (type == ZmqSocketType.DEALER && frames.size() >= 2 && frames.get(1).length == 0) {
            key = ByteBuffer.wrap(frames.get(0));
            reply = frames.subList(2, frames.size());
        } else {
            LOG.debug("{}: dropping an inbound message that is no reply", loop.getName());
            return;
        }
        Pending request = pending.remove(key);
        if (request == null) {
            LOG.debug("{}: dropping a reply that came after its request timed out", loop.getName());
            return;
        }
        ZmqFrames.fill(request.exchange().getMessage(), reply);
        finish(request);
    }

    @Override
    public void onTick() {
        long now = System.currentTimeMillis();
        for (Map.Entry<ByteBuffer, Pending> entry : pending.entrySet()) {
            Pending request = entry.getValue();
            if (request.deadline() <= now && pending.remove(entry.getKey(), request)) {
                if (type == ZmqSocketType.REQ) {
                    loop.resetSocket();
                }
                // moved first, so that a re-send of this request counts as sent to the next server
                if (failover != null && failover.timedOut(request.sentAt(), System.nanoTime())) {
                    LOG.warn("{}: no reply in {} ms and nothing else heard: moving to {}", loop.getName(),
                            endpoint.getConfiguration().getRequestTimeout(), failover.current());
                    loop.resetSocket();
                    abandonLeftServer();
                }
                timedOut(request);
            }
        }
    }

    /** The requests sent to the server the socket left get no reply now: their senders re-send them. */
    private void abandonLeftServer() {
        for (Map.Entry<ByteBuffer, Pending> entry : pending.entrySet()) {
            Pending request = entry.getValue();
            if (failover.sentBeforeMove(request.sentAt()) && pending.remove(entry.getKey(), request)) {
                timedOut(request);
            }
        }
    }

    private void timedOut(Pending request) {
        fail(request, new ExchangeTimedOutException(request.exchange(), endpoint.getConfiguration().getRequestTimeout()));
    }

    private void fail(Pending request, Exception error) {
        request.exchange().setException(error);
        finish(request);
    }

    private void finish(Pending request) {
        if (type == ZmqSocketType.REQ) {
            reqTurn.release();
        }
        request.callback().done(false);
    }

    private static List<byte[]> prepend(List<byte[]> frames, byte[] first) {
        List<byte[]> all = new ArrayList<>(frames.size() + 1);
        all.add(first);
        all.addAll(frames);
        return all;
    }
}
