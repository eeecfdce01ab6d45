package io.descartes.hub.bus;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.ProtocolJson;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stored messages to their recipients, on one thread of its own (never the journal's completion thread, which
 * only wakes it). Each round, in this order: deliveries that needed an ack and got none go back to pending, or to the
 * dead letters once out of attempts; pending deliveries whose message expired go to the dead letters; overdue requests
 * get the hub's error (through {@code direct:bus-send}, like any message); then each attached address gets its due
 * deliveries, highest priority first, through {@code direct:bus-deliver}. The store is the truth, so a restarted hub
 * picks up where it stopped. Rounds run when woken (a message stored, an address attached) and on the sweep timer.
 */
public final class BusDispatcher {

    public static final String RECIPIENT = "BusRecipient";
    public static final String TRANSPORT = "BusTransport";

    private static final Logger LOG = LoggerFactory.getLogger(BusDispatcher.class);

    private final BusStore store;
    private final BusAddresses addresses;
    private final BusRequests requests;
    private final BusSettings settings;
    private final BusMeters meters;
    private final ProducerTemplate routes;
    private final ExecutorService thread;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public BusDispatcher(BusStore store, BusAddresses addresses, BusRequests requests, BusSettings settings,
                         BusMeters meters, ProducerTemplate routes, ExecutorService thread, ObjectMapper json,
                         Clock clock) {
        this.store = store;
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
    public void attach(BusAddresses.Attachment attachment) throws SQLException {
        addresses.attach(attachment);
        store.resendUnacked(attachment.address());
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

    private void round() {
        scheduled.set(false);
        try {
            long now = clock.millis();
            meters.ended(BusMeters.DEAD_LETTERED, store.redeliverUnacked(now, settings.maxAttempts()));
            meters.ended(BusMeters.EXPIRED, store.expire(now));
            for (BusStore.OpenRequest overdue : store.overdueRequests(now)) {
                Exchange answered = routes.request("direct:bus-send", e -> e.getMessage().setBody(requests.timeoutError(overdue)));
                if (answered.isFailed()) {
                    LOG.warn("bus: the timeout error for request {} of '{}' was not stored, the next round retries: {}",
                            overdue.id(), overdue.sender(), answered.getException().getMessage());
                }
            }
            boolean more = false;
            for (String recipient : store.recipientsWithDue(now)) {
                BusAddresses.Attachment attachment = addresses.get(recipient);
                if (attachment != null) {
                    more |= deliver(attachment, now);
                }
            }
            meters.pending(store.pendingByTopicAndSender());
            if (more) {
                wake();
            }
        } catch (Exception e) {
            LOG.warn("bus: dispatcher round failed, the next one retries: {}", e.getMessage(), e);
        }
    }

    /** Delivers what is due to one address; true when a full batch went out (more may wait). */
    private boolean deliver(BusAddresses.Attachment attachment, long now) throws Exception {
        List<BusStore.Due> due = store.due(attachment.address(), now, settings.deliveryBatch());
        for (BusStore.Due d : due) {
            int attempt = d.attempts() + 1;
            BusMessage message = ((BusMessage) ProtocolJson.fromJson(json.readTree(d.content()))).asAttempt(attempt);
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
            store.delivered(d, attempt, d.requiresAck() ? now + settings.ackTimeoutMillis() : now);
            meters.count(BusMeters.DELIVERED, message.topic(), message.sender());
        }
        return due.size() == settings.deliveryBatch();
    }
}
