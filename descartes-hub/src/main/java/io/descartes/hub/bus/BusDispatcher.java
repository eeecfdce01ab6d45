package io.descartes.hub.bus;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.bus.BusDeliveryLog.Sending;
import io.descartes.hub.bus.BusQueue.Queued;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.ProtocolJson;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stored messages to their recipients, on one thread of its own (never the journal's completion thread, which
 * only wakes it). A round runs when woken (a message stored, an address attached) and reads only what is new: the
 * pending deliveries stored since the last round go into the in-memory {@link BusQueue}; then every attached address
 * gets its next deliveries, highest priority first, all of them recorded as sent (the attempt counted) in one
 * transaction before any goes out through {@code direct:bus-deliver}. A delivery that could not go out is pending
 * again with its attempt not counted. On the sweep timer a round also does what time alone makes happen: deliveries
 * that needed an ack and got none go back to the queue, or to the dead letters once out of attempts; expired ones go
 * to the dead letters; overdue requests get the hub's error (through {@code direct:bus-send}, like any message). The
 * store is the truth, so a restarted hub picks up where it stopped.
 */
public final class BusDispatcher extends ServiceSupport {

    public static final String RECIPIENT = "BusRecipient";
    public static final String TRANSPORT = "BusTransport";

    private static final Logger LOG = LoggerFactory.getLogger(BusDispatcher.class);

    private final BusDeliveryLog log;
    private final BusAddresses addresses;
    private final BusRequests requests;
    private final BusSettings settings;
    private final BusMeters meters;
    private final ProducerTemplate routes;
    private final ExecutorService thread;
    private final ObjectMapper json;
    private final Clock clock;
    private final BusQueue queue = new BusQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean sweepDue = new AtomicBoolean();
    /** Addresses attached since the last round, whose queue is read again from the store. */
    private final Queue<String> attached = new ConcurrentLinkedQueue<>();

    BusDispatcher(BusDeliveryLog log, BusAddresses addresses, BusRequests requests, BusSettings settings,
                  BusMeters meters, ProducerTemplate routes, ExecutorService thread, ObjectMapper json, Clock clock) {
        this.log = log;
        this.addresses = addresses;
        this.requests = requests;
        this.settings = settings;
        this.meters = meters;
        this.routes = routes;
        this.thread = thread;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Deliveries for the address go to this attachment from now on: what waited first, and what an earlier one never
     * acknowledged again.
     */
    public void attach(BusAddresses.Attachment attachment) {
        addresses.attach(attachment);
        attached.add(attachment.address());
        wake();
    }

    /** Asks for a round; wake-ups while one is queued fold into it. Never blocks. */
    public void wake() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::round);
            } catch (RuntimeException e) { // stopping: the store keeps what is pending for the next start
                scheduled.set(false);
            }
        }
    }

    /** Asks for a round that also sweeps timeouts and expiry (the bus-sweep timer). */
    public void sweep() {
        sweepDue.set(true);
        wake();
    }

    private void round() {
        scheduled.set(false);
        try {
            long now = clock.millis();
            if (sweepDue.getAndSet(false)) {
                sweep(now);
            }
            for (String address = attached.poll(); address != null; address = attached.poll()) {
                queue.replace(address, log.reattached(address, now));
            }
            queue.addAll(log.pendingAfter(queue.seenUpTo()));
            if (deliver(now)) {
                wake();
            }
        } catch (Exception e) {
            LOG.warn("bus: dispatcher round failed, the next one retries: {}", e.getMessage(), e);
            queue.clear(); // deliveries taken off it may still be pending: the next round reads the queue again
        }
    }

    private void sweep(long now) throws SQLException {
        BusDeliveryLog.Redelivery redelivery = log.redeliverUnacked(now, settings.maxAttempts());
        queue.addAll(redelivery.again());
        meters.ended(BusMeters.DEAD_LETTERED, redelivery.dead());
        meters.ended(BusMeters.EXPIRED, log.expire(now));
        for (BusDeliveryLog.OpenRequest overdue : log.overdueRequests(now)) {
            Exchange answered = routes.request("direct:bus-send", e -> e.getMessage().setBody(requests.timeoutError(overdue)));
            if (answered.isFailed()) {
                LOG.warn("bus: the timeout error for request {} of '{}' was not stored, the next round retries: {}",
                        overdue.id(), overdue.sender(), answered.getException().getMessage());
            }
        }
        meters.pending(log.pendingByTopicAndSender());
    }

    /**
     * Sends every attached address its next deliveries; true when one of them has more waiting (the next round takes
     * them at once). An address whose delivery failed gets nothing more this round, so its order holds.
     */
    private boolean deliver(long now) throws Exception {
        List<Queued> batch = new ArrayList<>();
        for (String recipient : queue.recipients()) {
            if (addresses.get(recipient) != null) {
                batch.addAll(queue.take(recipient, settings.deliveryBatch(), now));
            }
        }
        if (batch.isEmpty()) {
            return false;
        }
        List<Sending> failed = new ArrayList<>();
        Set<String> failing = new HashSet<>();
        for (Sending s : log.markSent(batch, now, settings.ackTimeoutMillis())) {
            String recipient = s.queued().recipient();
            if (failing.contains(recipient) || !send(s)) {
                failing.add(recipient);
                failed.add(s);
            }
        }
        if (!failed.isEmpty()) {
            log.unsent(failed, now);
            queue.addAll(failed.stream().map(Sending::queued).toList());
        }
        boolean more = false;
        for (String recipient : queue.recipients()) {
            more |= !failing.contains(recipient) && addresses.get(recipient) != null;
        }
        return more;
    }

    private boolean send(Sending s) throws Exception {
        BusAddresses.Attachment attachment = addresses.get(s.queued().recipient());
        if (attachment == null) {
            return false;
        }
        BusMessage message = ((BusMessage) ProtocolJson.fromJson(json.readTree(s.content()))).asAttempt(s.attempt());
        Exchange sent = routes.request("direct:bus-deliver", e -> {
            e.getMessage().setBody(message);
            e.getMessage().setHeader(RECIPIENT, attachment.address());
            e.getMessage().setHeader(TRANSPORT, attachment.transport());
        });
        if (sent.isFailed()) {
            LOG.warn("bus: delivery of {} to '{}' failed, it stays pending: {}", message.id(), attachment.address(),
                    sent.getException() == null ? "?" : sent.getException().getMessage());
            return false;
        }
        meters.count(BusMeters.DELIVERED, message.topic(), message.sender());
        return true;
    }

    @Override
    protected void doStop() throws Exception {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("bus: the dispatcher's round did not end within 10 s of the stop");
        }
        log.close();
    }
}
