package io.descartes.hub.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.descartes.hub.testing.MigratedDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's post-commit work runs once per committed batch, on the real store, before any of the batch's exchanges
 * is answered: its events are on disk by then, the fan-out goes out in id order across batches, and a re-send is
 * answered again but never fanned out.
 */
class CommittedBatchOrderTest {

    private static final String DB = "target/committed-batch-order-test.db";
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 300;

    @Test
    void eachBatchIsOnDiskAndFannedOutInIdOrderBeforeAnyOfItsExchangesIsAnswered() throws Exception {
        DataSource ds = MigratedDatabase.fresh(DB);
        EventStore store = new EventStore(ds);
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        List<Long> fannedOut = new ArrayList<>();
        Set<Exchange> postCommitted = ConcurrentHashMap.newKeySet();
        Set<Exchange> answered = ConcurrentHashMap.newKeySet();
        Map<Exchange, Boolean> duplicates = new ConcurrentHashMap<>();
        EventJournal journal = new EventJournal(new JournalWriter(ds, Clock.systemUTC()), 64, 32, 2, 10_000, n -> {
        }, batch -> {
            for (CommittedEvent e : batch.committed()) {
                if (answered.contains(e.exchange())) {
                    violations.add("exchange of event " + e.id() + " answered before its batch's post-commit work");
                }
                postCommitted.add(e.exchange());
            }
            for (CommittedEvent e : batch.fanOut()) {
                if (stored(store, e.id()).isEmpty()) {
                    violations.add("event " + e.id() + " not in the store when its batch's post-commit work ran");
                }
            }
            batch.fanOut().forEach(e -> fannedOut.add(e.id()));
        }, Runnable::run);
        journal.start();
        CountDownLatch done = new CountDownLatch(SENDERS * PER_SENDER * 2);
        List<Thread> senders = new ArrayList<>();
        DefaultCamelContext context = new DefaultCamelContext();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < PER_SENDER; i++) {
                    // every frame twice: the second is a re-send (same natural key)
                    for (int copy = 0; copy < 2; copy++) {
                        Exchange exchange = new DefaultExchange(context);
                        exchange.setProperty(EventJournal.ENTRY, new EventEntry("log_stream", "agent-" + sender, null,
                                "{\"n\":" + i + "}", null, "log/" + sender + "/" + i, null));
                        journal.process(exchange, doneSync -> {
                            if (!postCommitted.contains(exchange)) {
                                violations.add("an exchange answered before its batch's post-commit work");
                            }
                            duplicates.put(exchange, exchange.getMessage().getHeader(EventJournal.DUPLICATE, Boolean.class));
                            answered.add(exchange);
                            done.countDown();
                        });
                    }
                }
            });
            thread.start();
            senders.add(thread);
        }
        for (Thread t : senders) {
            t.join();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "every frame answered");
        journal.stop();

        assertEquals(List.of(), violations.subList(0, Math.min(3, violations.size())), violations.size() + " violations");
        assertEquals(SENDERS * PER_SENDER, duplicates.values().stream().filter(d -> !d).count(), "each frame stored once");
        assertEquals(SENDERS * PER_SENDER, fannedOut.size(), "each stored event fanned out once, re-sends never");
        for (int i = 1; i < fannedOut.size(); i++) {
            assertTrue(fannedOut.get(i) > fannedOut.get(i - 1), "fan-out in id order at " + fannedOut.get(i));
        }
        assertFalse(journal.isRunning());
    }

    private static Optional<EventRow> stored(EventStore store, long id) {
        try {
            return store.findById(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
