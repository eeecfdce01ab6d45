package io.descartes.hub.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route step that makes a frame durable: group commit for the ingest path.
 *
 * <p>Each exchange carries a {@link JournalEntry} in the {@link #ENTRY} property. The processor
 * queues it (bounded: a full queue blocks the caller, which is the ZMQ consumer, which then stops
 * reading its socket, so senders meet ZMQ's high-water mark) and returns asynchronously. One writer
 * thread drains the queue in batches of up to {@code maxBatch} entries, waiting at most
 * {@code lingerMillis} for a batch to fill, commits each batch in one transaction, and only then
 * completes the exchanges, with {@link #EVENT_ID}, {@link #DUPLICATE} and {@link #EVENT_ROW} set. One completion
 * thread takes the committed batches in commit order: it first runs the post-commit work (meters, fan-out, snapshot
 * trigger) once for the whole batch, as a {@link CommittedBatch}, then continues the exchanges' routes, which only
 * reply. That order is what keeps broadcasts in id order and acknowledgements after the fan-out; the writer meanwhile
 * commits the next batch, so it only ever waits for the database. A failed commit fails every exchange of the batch,
 * so nothing is acknowledged that is not on disk; its {@link #LEADING} entries, which no sender re-sends, are then
 * committed on their own.
 */
public final class EventJournal extends AsyncProcessorSupport implements AsyncProcessor {

    public static final String ENTRY = "DescartesJournalEntry";
    public static final String EVENT_ID = "DescartesEventId";
    public static final String DUPLICATE = "DescartesDuplicate";
    /** The committed {@link EventRow} of a newly stored event (not set for re-sends and dead letters). */
    public static final String EVENT_ROW = "DescartesEventRow";
    /**
     * An {@link EventEntry} committed in the same transaction right after the exchange's entry: a request's response
     * known before the request was recorded. Both are in the batch's post-commit work (fan-out included); the
     * exchange's receipt headers are its own entry's.
     */
    public static final String JOINED = "DescartesJournalJoined";
    /** {@link LeadingEntry}s committed in the same transaction right before the exchange's entry, in this order. */
    public static final String LEADING = "DescartesJournalLeading";

    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    /** Committed batches waiting for the completion thread; a full hand-off makes the writer wait, so memory stays bounded. */
    private static final int COMPLETION_BACKLOG = 4;
    /** Exchanges continued in one {@code completionScope}: its wake-ups wait at most this many routes. */
    private static final int COMPLETION_CHUNK = 64;

    private final JournalWriter writer;
    private final int maxBatch;
    private final long lingerMillis;
    private final long offerTimeoutMillis;
    private final BlockingQueue<Pending> queue;
    /** Committed batches' completions and {@link #afterCommitted} tasks, run by the completion thread in this order. */
    private final BlockingQueue<Runnable> committed = new ArrayBlockingQueue<>(COMPLETION_BACKLOG);
    private final IntConsumer batchObserver;
    private final Consumer<CommittedBatch> postCommit;
    private final Consumer<Runnable> completionScope;
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong lastBatchSize = new AtomicLong();
    private volatile boolean running;
    private volatile boolean writing;
    private Thread thread;
    private Thread completer;

    /**
     * {@code batchObserver} is told the size of every committed batch (a metric); {@code postCommit} does the work
     * that follows every committed batch, before its exchanges continue; {@code completionScope} runs it and each
     * chunk of a committed batch's route continuations (e.g. coalescing the socket wake-ups of its sends).
     */
    public EventJournal(JournalWriter writer, int queueCapacity, int maxBatch, long lingerMillis, long offerTimeoutMillis,
                        IntConsumer batchObserver, Consumer<CommittedBatch> postCommit, Consumer<Runnable> completionScope) {
        if (queueCapacity < 1 || maxBatch < 1 || lingerMillis < 0 || offerTimeoutMillis < 0) {
            throw new IllegalArgumentException("journal: queueCapacity and maxBatch must be >= 1, linger and offer timeout >= 0");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.lingerMillis = lingerMillis;
        this.offerTimeoutMillis = offerTimeoutMillis;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchObserver = batchObserver;
        this.postCommit = postCommit;
        this.completionScope = completionScope;
    }

    private record Pending(Exchange exchange, List<LeadingEntry> leading, JournalEntry entry, EventEntry joined,
                           AsyncCallback callback) {
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        JournalEntry entry = exchange.getProperty(ENTRY, JournalEntry.class);
        if (entry == null) {
            exchange.setException(new IllegalStateException("no journal entry on the exchange (property " + ENTRY + ")"));
            callback.done(true);
            return true;
        }
        EventEntry joined = exchange.removeProperty(JOINED) instanceof EventEntry e ? e : null;
        @SuppressWarnings("unchecked")
        List<LeadingEntry> leading = exchange.removeProperty(LEADING) instanceof List<?> l ? (List<LeadingEntry>) l : List.of();
        try {
            if (!running || !queue.offer(new Pending(exchange, leading, entry, joined, callback), offerTimeoutMillis,
                    TimeUnit.MILLISECONDS)) {
                RejectedExecutionException refused = new RejectedExecutionException(running
                        ? "event journal full for " + offerTimeoutMillis + " ms" : "event journal is stopped");
                notRecorded(leading, refused);
                exchange.setException(refused);
                callback.done(true);
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        return false;
    }

    /** The payload of this journal's commit notifications to other hubs ({@link SqlDialect#notifyEvents}). */
    public String origin() {
        return writer.origin();
    }

    /** Entries waiting for the writer; a gauge for backpressure. */
    public int queueDepth() {
        return queue.size();
    }

    public long committedBatches() {
        return committedBatches.get();
    }

    public long lastBatchSize() {
        return lastBatchSize.get();
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive() && completer.isAlive();
    }

    @Override
    protected void doStart() {
        running = true;
        writing = true;
        thread = new Thread(this::drain, "descartes-event-journal");
        completer = new Thread(this::completeCommitted, "descartes-event-journal-completion");
        completer.start();
        thread.start();
    }

    /** Stops taking entries, then commits and completes everything already queued. */
    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join();
            thread = null;
        }
        writing = false;
        if (completer != null) {
            completer.join();
            completer = null;
        }
        try {
            writer.close();
        } catch (SQLException e) {
            LOG.warn("event journal: closing the database connection failed: {}", e.getMessage());
        }
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // sized by what is waiting: at a steady rate most batches are a few frames, not maxBatch
                List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
                batch.add(first);
                fill(batch);
                CommittedBatch done = commit(batch);
                committed.put(() -> completeBatch(batch, done));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Runs the task on the completion thread, after the routes of every batch committed so far and before those of
     * later ones: what it does is ordered with the steps that follow the journal (several hubs' event feed uses it).
     * Returns false, not running it, when the journal is stopped.
     */
    public boolean afterCommitted(Runnable task) throws InterruptedException {
        while (writing) {
            if (committed.offer(task, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** The completion thread: runs each committed batch's continuations and the queued tasks, in order, until the writer is done. */
    private void completeCommitted() {
        while (writing || !committed.isEmpty()) {
            try {
                Runnable next = committed.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    next.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("event journal: a task after the committed batches failed", e);
            }
        }
    }

    /** Post-commit work once for what the batch committed (none if nothing), then the exchanges' replies. */
    private void completeBatch(List<Pending> batch, CommittedBatch done) {
        if (done != null) {
            completionScope.accept(() -> {
                try {
                    postCommit.accept(done);
                } catch (RuntimeException e) {
                    // committed all the same: the senders get their acknowledgement
                    LOG.error("event journal: the work after a committed batch of {} failed", batch.size(), e);
                }
            });
        }
        for (int from = 0; from < batch.size(); from += COMPLETION_CHUNK) {
            List<Pending> chunk = batch.subList(from, Math.min(batch.size(), from + COMPLETION_CHUNK));
            completionScope.accept(() -> chunk.forEach(EventJournal::complete));
        }
    }

    private void fill(List<Pending> batch) throws InterruptedException {
        queue.drainTo(batch, maxBatch - batch.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        while (batch.size() < maxBatch && lingerMillis > 0) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    /**
     * Returns the committed batch, or when the commit failed (its exchanges then carry the exception) what was
     * committed of it instead ({@link #leadingAlone}), or null.
     */
    private CommittedBatch commit(List<Pending> batch) {
        List<JournalEntry> entries = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            p.leading().forEach(l -> entries.add(l.entry()));
            entries.add(p.entry());
            if (p.joined() != null) {
                entries.add(p.joined());
            }
        }
        List<JournalReceipt> receipts;
        try {
            receipts = writer.write(entries);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("event journal: batch of {} not committed, senders get an error and will re-send: {}", batch.size(), e.getMessage());
            for (Pending p : batch) {
                p.exchange().setException(e);
            }
            return leadingAlone(batch);
        }
        committedBatches.incrementAndGet();
        lastBatchSize.set(batch.size());
        batchObserver.accept(batch.size());
        List<CommittedEvent> events = new ArrayList<>(receipts.size());
        int r = 0;
        for (Pending p : batch) {
            for (LeadingEntry l : p.leading()) {
                events.add(committed(l.source(), l.entry(), receipts.get(r++)));
            }
            events.add(received(p.exchange(), p.entry(), receipts.get(r++)));
            if (p.joined() != null) {
                events.add(committed(p.exchange(), p.joined(), receipts.get(r++)));
            }
        }
        return new CommittedBatch(events);
    }

    /**
     * A failed batch's leading entries committed in a transaction of their own: they are what a command did (a
     * pause's status change), which no sender re-sends, unlike the entries that failed with them. Returns them as a
     * batch for the post-commit work, or null, the loss logged as an error, when they fail too.
     */
    private CommittedBatch leadingAlone(List<Pending> batch) {
        List<LeadingEntry> leading = new ArrayList<>();
        batch.forEach(p -> leading.addAll(p.leading()));
        if (leading.isEmpty()) {
            return null;
        }
        List<JournalReceipt> receipts;
        try {
            receipts = writer.write(leading.stream().map(LeadingEntry::entry).toList());
        } catch (SQLException | RuntimeException e) {
            notRecorded(leading, e);
            return null;
        }
        committedBatches.incrementAndGet();
        List<CommittedEvent> events = new ArrayList<>(leading.size());
        for (int i = 0; i < leading.size(); i++) {
            events.add(committed(leading.get(i).source(), leading.get(i).entry(), receipts.get(i)));
        }
        return new CommittedBatch(events);
    }

    /** What a command did that is not on record: an error, never silence. */
    private static void notRecorded(List<LeadingEntry> leading, Exception why) {
        if (!leading.isEmpty()) {
            LOG.error("event journal: {} status change(s) that commands made are not recorded ({}): {}", leading.size(),
                    leading.stream().map(l -> l.entry().eventType() + " of agent " + l.entry().agentId()).toList(),
                    why.getMessage());
        }
    }

    /** Sets the exchange's receipt headers and row: what the steps after the journal read. */
    private static CommittedEvent received(Exchange exchange, JournalEntry entry, JournalReceipt receipt) {
        exchange.getMessage().setHeader(EVENT_ID, receipt.id());
        exchange.getMessage().setHeader(DUPLICATE, receipt.duplicate());
        CommittedEvent committed = committed(exchange, entry, receipt);
        if (committed.row() != null) {
            exchange.setProperty(EVENT_ROW, committed.row());
        } else {
            exchange.removeProperty(EVENT_ROW); // an earlier pass's, on an exchange recorded twice
        }
        return committed;
    }

    private static CommittedEvent committed(Exchange exchange, JournalEntry entry, JournalReceipt receipt) {
        EventEntry e = entry.eventEntry();
        EventRow row = e == null || receipt.duplicate() ? null : new EventRow(receipt.id(), e.eventType(),
                receipt.timestamp(), e.agentId(), e.sessionId(), e.content(), e.metadata(), null);
        return new CommittedEvent(exchange, entry, receipt.id(), receipt.duplicate(), row);
    }
    /** Continues the exchange's route; one route failing must not leave the rest of the batch unanswered. */
    private static void complete(Pending p) {
        try {
            p.callback().done(false);
        } catch (RuntimeException e) {
            LOG.error("event journal: the route after the journal failed for exchange {}", p.exchange().getExchangeId(), e);
        }
    }
}
