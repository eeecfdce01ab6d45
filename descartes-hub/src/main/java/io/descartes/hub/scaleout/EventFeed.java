package io.descartes.hub.scaleout;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.ingest.IngestProperties;
import io.descartes.hub.protocol.MessageType;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.store.EventQuery;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.store.EventStore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code eventFeed}: keeps this hub's fan-out (WebSocket, PUB) in the store's id order when several hubs write one
 * PostgreSQL store. Ids are committed in id order across hubs (store.SqlDialect's advisory lock), so the feed only
 * remembers the last id it fanned out and reads the store after it:
 * <ul>
 * <li>as a route step before the fan-out of an event this hub recorded: the events other hubs committed before it
 * go out first (route {@code stored-event}); one the feed already sent from the store is marked not to go out again
 * ({@value #FAN_OUT} false);</li>
 * <li>when another hub's commit notification wakes it ({@link #wake}): everything committed after the cursor.</li>
 * </ul>
 * Both run on the journal's completion thread ({@link EventJournal#afterCommitted}), the one thread that fans out, so
 * local and remote events interleave in id order with no lock. With one hub on the store (SQLite) every event is this
 * hub's and goes out where it is recorded: the step only sets {@value #FAN_OUT}.
 */
public final class EventFeed implements Processor {

    /** Boolean exchange property: fan this event out now (false: the feed already did, from the store). */
    public static final String FAN_OUT = "DescartesFanOut";

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

    private final boolean shared;
    private final EventStore store;
    private final EventJournal journal;
    private final ProducerTemplate storedEvents;
    private final ObjectMapper json;
    private final int pageSize;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** The last event id fanned out (completion thread only); -1 until {@link #start}. */
    private long cursor = -1;

    /**
     * @param shared       whether other hubs may write the store (PostgreSQL)
     * @param storedEvents sends to the route that fans out an event read from the store
     */
    public EventFeed(boolean shared, EventStore store, EventJournal journal, ProducerTemplate storedEvents,
                     ObjectMapper json, int pageSize) {
        this.shared = shared;
        this.store = store;
        this.journal = journal;
        this.storedEvents = storedEvents;
        this.json = json;
        this.pageSize = pageSize;
    }

    public boolean shared() {
        return shared;
    }

    /** Before the routes start: what is in the store now is history (a client gets it with after=). */
    void start() throws SQLException {
        if (shared) {
            cursor = store.lastId();
        }
    }

    /** Route step, on the completion thread, before the fan-out of an event this hub committed. */
    @Override
    public void process(Exchange exchange) throws SQLException {
        if (Boolean.TRUE.equals(exchange.getMessage().getHeader(EventJournal.DUPLICATE, Boolean.class))) {
            exchange.setProperty(FAN_OUT, false); // a re-send: stored, and fanned out, the first time
            return;
        }
        if (!shared) {
            exchange.setProperty(FAN_OUT, true);
            return;
        }
        EventRow row = exchange.getProperty(EventJournal.EVENT_ROW, EventRow.class);
        if (row == null) {
            throw new IllegalStateException("no event to feed: exchange property " + EventJournal.EVENT_ROW + " is not set");
        }
        if (row.id() <= cursor) {
            exchange.setProperty(FAN_OUT, false);
            return;
        }
        // this hub's batches have consecutive ids: a hole before one may be other hubs' events (or a rolled-back batch)
        if (row.id() > cursor + 1) {
            sendStored(row.id());
        }
        cursor = row.id();
        exchange.setProperty(FAN_OUT, true);
    }

    /**
     * Another hub committed events (or the notifications may have been missed): read them on the completion thread.
     * Wake-ups coalesce: one read serves every notification that came before it started.
     *
     * @return false when the journal is not running, so no read is coming
     */
    public boolean wake() throws InterruptedException {
        if (!shared || !wakePending.compareAndSet(false, true)) {
            return true;
        }
        if (!journal.afterCommitted(this::catchUp)) {
            wakePending.set(false);
            return false;
        }
        return true;
    }

    private void catchUp() {
        wakePending.set(false);
        try {
            sendStored(Long.MAX_VALUE);
        } catch (SQLException | RuntimeException e) {
            // the cursor stays at the last event sent: the next wake-up or local event reads on from there
            LOG.warn("event feed: reading the events after {} failed: {}", cursor, e.toString());
        }
    }

    /** Fans out the stored events after the cursor and below {@code before}, page by page, moving the cursor. */
    private void sendStored(long before) throws SQLException {
        while (true) {
            List<EventRow> page = store.find(new EventQuery(cursor, null, null, null, pageSize));
            for (EventRow row : page) {
                if (row.id() >= before) {
                    return;
                }
                send(row);
                cursor = row.id();
            }
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    private void send(EventRow row) {
        Exchange exchange = storedEvents.send(e -> {
            e.setProperty(EventJournal.EVENT_ROW, row);
            e.getMessage().setHeader(EventJournal.EVENT_ID, row.id());
            e.getMessage().setHeader(EventJournal.DUPLICATE, false);
            boolean agentEvent = isAgentEvent(row.eventType());
            e.setProperty(IngestProperties.AGENT_EVENT, agentEvent);
            if (agentEvent) {
                e.setProperty(IngestProperties.MESSAGE, message(row));
            }
        });
        if (exchange.getException() != null) {
            LOG.warn("event feed: event {} not fanned out: {}", row.id(), exchange.getException().toString());
        }
    }

    private static boolean isAgentEvent(String eventType) {
        try {
            return MessageType.fromTag(eventType).kind() == MessageType.Kind.EVENT;
        } catch (ProtocolException e) {
            return false; // the hub's own events (snapshot_created, rewind, lease and secret changes)
        }
    }

    private Object message(EventRow row) {
        try {
            return ProtocolJson.fromJson(json.readTree(row.content()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + row.id() + ": stored content is not JSON", e);
        }
    }
}
