package io.descartes.hub.scaleout;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.descartes.hub.store.CommittedBatch;
import io.descartes.hub.store.CommittedEvent;
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
 * <li>as a step of {@code direct:committed-batch}, before the fan-out of a batch this hub committed: the events other
 * hubs committed before each of its events go out first, and one the feed already sent from the store is dropped
 * ({@link CommittedBatch#fanOut});</li>
 * <li>when another hub's commit notification wakes it ({@link #wake}): everything committed after the cursor, as
 * batches of stored events through the same route.</li>
 * </ul>
 * Both run on the journal's completion thread ({@link EventJournal#afterCommitted}), the one thread that fans out, so
 * local and remote events interleave in id order with no lock. With one hub on the store (SQLite) every event is this
 * hub's and goes out as committed: the step does nothing.
 */
public final class EventFeed implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

    private final boolean shared;
    private final EventStore store;
    private final EventJournal journal;
    private final ProducerTemplate batches;
    private final int pageSize;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** The last event id fanned out (completion thread only); -1 until {@link #start}. */
    private long cursor = -1;

    /**
     * @param shared  whether other hubs may write the store (PostgreSQL)
     * @param batches sends to the route that fans out a batch (of events read from the store)
     */
    public EventFeed(boolean shared, EventStore store, EventJournal journal, ProducerTemplate batches, int pageSize) {
        this.shared = shared;
        this.store = store;
        this.journal = journal;
        this.batches = batches;
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

    /** Route step, on the completion thread: puts the batch's fan-out in the store's id order. */
    @Override
    public void process(Exchange exchange) {
        if (!shared) {
            return;
        }
        CommittedBatch batch = exchange.getMessage().getBody(CommittedBatch.class);
        List<CommittedEvent> out = new ArrayList<>(batch.fanOut().size());
        try {
            for (CommittedEvent e : batch.fanOut()) {
                if (e.stored()) {
                    out.add(e); // read by this feed, the cursor is past it
                } else if (e.id() > cursor) {
                    // this hub's batches have consecutive ids: a hole before one may be other hubs' events (or a rolled-back batch)
                    if (e.id() > cursor + 1) {
                        readStored(e.id(), Integer.MAX_VALUE).forEach(row -> out.add(CommittedEvent.stored(row)));
                    }
                    cursor = e.id();
                    out.add(e);
                }
            }
        } catch (SQLException | RuntimeException e) {
            // what is in out goes out; the cursor stays at its last event, so the next read takes the rest from the store
            LOG.warn("event feed: reading the events after {} failed: {}", cursor, e.toString());
        }
        batch.fanOut(out);
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
            List<EventRow> page;
            do {
                page = readStored(Long.MAX_VALUE, pageSize);
                if (!page.isEmpty()) {
                    CommittedBatch batch = CommittedBatch.stored(page);
                    Exchange done = batches.send(e -> e.getMessage().setBody(batch));
                    if (done.getException() != null) {
                        LOG.warn("event feed: events up to {} not fanned out: {}", cursor, done.getException().toString());
                    }
                }
            } while (page.size() == pageSize);
        } catch (SQLException | RuntimeException e) {
            // the cursor stays at the last event sent: the next wake-up or local event reads on from there
            LOG.warn("event feed: reading the events after {} failed: {}", cursor, e.toString());
        }
    }

    /** The stored events after the cursor and below {@code before}, at most {@code max}, moving the cursor. */
    private List<EventRow> readStored(long before, int max) throws SQLException {
        List<EventRow> rows = new ArrayList<>();
        while (true) {
            List<EventRow> page = store.find(new EventQuery(cursor, null, null, null, pageSize));
            for (EventRow row : page) {
                if (row.id() >= before || rows.size() == max) {
                    return rows;
                }
                rows.add(row);
                cursor = row.id();
            }
            if (page.size() < pageSize) {
                return rows;
            }
        }
    }
}
