package io.descartes.hub.zmq;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;

/**
 * Receives on its endpoint's socket and routes each message asynchronously, so up to maxInFlight exchanges are in
 * flight; at that bound it stops reading and the ZMQ high-water marks push back on the senders. Routing starts on the
 * socket thread: a route that blocks for long should hand off (threads, seda) or complete asynchronously.
 * <p>
 * InOut replies (ROUTER, REP, DEALER with exchangePattern=InOut) are the exchange's message body once it completes,
 * sent by the socket thread inside the request's own envelope (with routeInOnly, routed InOnly and answered all the
 * same). An exchange that fails with an unhandled exception
 * goes to the ExceptionHandler and gets no reply (REP: an empty one, to keep its send/receive lock-step): routes turn
 * errors into protocol replies with onException(...).handled(true).
 * <p>
 * Graceful shutdown: Camel suspends the consumer first (it stops reading, the socket stays open), waits for the
 * in-flight exchanges, then stops it; stop itself also lets in-flight replies go out before the socket closes, so
 * nothing that was processed goes unanswered.
 */
public class ZmqConsumer extends DefaultConsumer implements ZmqSocketLoop.Handler, HealthCheckAware, Suspendable {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final boolean routed;
    private volatile ZmqSocketLoop loop;
    private volatile boolean suspended;
    private HealthCheck healthCheck;

    public ZmqConsumer(ZmqEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        ZmqSocketType type = endpoint.getSocketType();
        // REP must send each reply before it may receive again
        this.maxInFlight = type == ZmqSocketType.REP ? 1 : endpoint.getConfiguration().getMaxInFlight();
        this.routed = type == ZmqSocketType.ROUTER || type == ZmqSocketType.DEALER;
        ZmqHealthCheck check = new ZmqHealthCheck(endpoint, "consumer", () -> loop);
        check.setEnabled(endpoint.getComponent().isHealthCheckConsumerEnabled());
        this.healthCheck = check;
    }

    /** Called through the route's consumer check ("consumer:&lt;routeId&gt;") of Camel's health registry. */
    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }

    @Override
    public ZmqEndpoint getEndpoint() {
        return (ZmqEndpoint) super.getEndpoint();
    }

    /** Polls its socket thread made so far (0 when stopped). */
    long socketPolls() {
        ZmqSocketLoop socket = loop;
        return socket == null ? 0 : socket.polls();
    }

    /** Exchanges routed but not completed yet. */
    public int getInFlight() {
        return inFlight.get();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        suspended = false;
        ZmqSocketLoop socket = new ZmqSocketLoop(getEndpoint(), "consumer", getRouteId(), this);
        socket.start();
        loop = socket;
    }

    @Override
    protected void doStop() throws Exception {
        suspended = true;
        if (loop != null) {
            wakeLoop();
            drainInFlight();
            loop.stop();
            loop = null;
        }
        super.doStop();
    }

    @Override
    public boolean wantsInput() {
        return !suspended && inFlight.get() < maxInFlight;
    }

    @Override
    protected void doSuspend() {
        suspended = true;
        wakeLoop();
    }

    @Override
    protected void doResume() {
        suspended = false;
        wakeLoop();
    }

    private void wakeLoop() {
        ZmqSocketLoop current = loop;
        if (current != null) {
            current.wake();
        }
    }

    /** Waits (bounded by the endpoint's linger, at least a second) until every in-flight reply was handed to the socket. */
    private void drainInFlight() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1_000, getEndpoint().getConfiguration().getLinger()));
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * Sends a message out of this consumer's socket, from any thread: a server's push to a peer connected to it (a
     * ROUTER's first frame names the peer). Queued to the socket thread like the replies, blocking up to sendTimeout
     * while the send queue is full.
     */
    public void send(List<byte[]> frames) throws InterruptedException {
        ZmqSocketLoop socket = loop;
        if (socket == null) {
            throw new IllegalStateException("the consumer of " + getEndpoint().getEndpointUri() + " is not started");
        }
        socket.send(frames);
    }

    @Override
    public void onMessage(List<byte[]> frames, String userId) {
        Exchange exchange = createExchange(false);
        Message message = exchange.getIn();
        ZmqEnvelope envelope = null;
        List<byte[]> payload = frames;
        boolean disconnected = false;
        if (routed) {
            boolean router = getEndpoint().getSocketType() == ZmqSocketType.ROUTER;
            envelope = ZmqEnvelope.split(frames, router);
            payload = envelope.payload();
            if (router) {
                message.setHeader(ZmqConstants.IDENTITY, frames.get(0));
                disconnected = getEndpoint().isDisconnectNotice(payload);
                if (disconnected) {
                    message.setHeader(ZmqConstants.DISCONNECTED, true);
                    payload = List.of(new byte[0]);
                }
            }
            message.setHeader(ZmqConstants.ENVELOPE, List.copyOf(envelope.routing()));
            message.setHeader(ZmqConstants.DELIMITER, envelope.delimited());
        } else if (getEndpoint().getSocketType() == ZmqSocketType.SUB && getEndpoint().getConfiguration().isTopicFrame() && frames.size() > 1) {
            message.setHeader(ZmqConstants.TOPIC, new String(frames.get(0), StandardCharsets.UTF_8));
            payload = frames.subList(1, frames.size());
        }
        if (userId != null) {
            message.setHeader(ZmqConstants.USER_ID, userId);
        }
        ZmqFrames.fill(message, payload);
        inFlight.incrementAndGet();
        ZmqEnvelope replyEnvelope = envelope;
        ZmqSocketLoop socket = loop;
        // a disconnect notice is never answered: the peer is gone; null: the pattern at completion decides
        Boolean answers = disconnected ? Boolean.FALSE : null;
        if (!disconnected && exchange.getPattern().isOutCapable() && getEndpoint().getConfiguration().isRouteInOnly()) {
            exchange.setPattern(ExchangePattern.InOnly);
            answers = Boolean.TRUE;
        }
        Boolean replies = answers;
        getAsyncProcessor().process(exchange, doneSync -> complete(exchange, replyEnvelope, socket, replies));
    }

    /** May run on any thread, after the consumer stopped too; the socket thread sends the reply. */
    private void complete(Exchange exchange, ZmqEnvelope envelope, ZmqSocketLoop loop, Boolean answers) {
        try {
            Exception error = exchange.getException();
            List<byte[]> reply = null;
            boolean replies = answers != null ? answers : exchange.getPattern().isOutCapable();
            if (replies && error == null) {
                try {
                    reply = ZmqFrames.of(exchange.getMessage());
                } catch (Exception e) {
                    error = e;
                }
            }
            if (error != null) {
                getExceptionHandler().handleException("Error processing ZMQ message", exchange, error);
                // REP must answer before it may receive again; other sockets send nothing
                reply = getEndpoint().getSocketType() == ZmqSocketType.REP ? List.of(new byte[0]) : null;
            }
            if (reply != null) {
                loop.reply(envelope == null ? reply : envelope.wrap(reply));
            }
        } finally {
            releaseExchange(exchange, false);
            inFlight.decrementAndGet();
            ZmqWakeups.wakeSoon(loop); // it may read again
        }
    }
}
