package io.descartes.hub.store;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestStore;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A command's status change (a pause's status_update, {@link EventJournal#LEADING}) is what the command did: when the
 * store refuses the command's response, the change is still committed and fanned out, on its own.
 */
class RefusedResponseTest {

    private static final String DB = "target/refused-response-test.db";

    @Test
    void theStatusChangeOfACommandWhoseResponseTheStoreRefusesIsCommittedOnItsOwn() throws Exception {
        assumeFalse(TestStore.postgres(), "the refusal is an SQLite trigger");
        DataSource ds = MigratedDatabase.fresh(DB);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_responses BEFORE INSERT ON events WHEN NEW.event_type = 'command_response'"
                    + " BEGIN SELECT RAISE(ABORT, 'response refused'); END");
        }
        List<String> fannedOut = new CopyOnWriteArrayList<>();
        EventJournal journal = new EventJournal(new JournalWriter(ds, Clock.systemUTC()), 8, 8, 0, 1_000, n -> {
        }, batch -> batch.fanOut().forEach(e -> fannedOut.add(e.row().eventType())), Runnable::run);
        journal.start();
        try {
            DefaultCamelContext context = new DefaultCamelContext();
            Exchange response = new DefaultExchange(context);
            response.setProperty(EventJournal.ENTRY, new EventEntry("command_response", "a-1", null, "{}", null,
                    "response/1", null));
            response.setProperty(EventJournal.LEADING, List.of(new LeadingEntry(new DefaultExchange(context),
                    new EventEntry("status_update", "a-1", null, "{\"status\":\"paused\"}", null, "status/1",
                            new AgentChange("a-1", "a-1", "paused", null, null)))));
            CompletableFuture<Void> done = new CompletableFuture<>();
            journal.process(response, sync -> done.complete(null));
            done.get(30, TimeUnit.SECONDS);

            assertNotNull(response.getException(), "the response is not recorded: its sender gets an error");
            assertEquals(List.of("status_update"), fannedOut);
            assertEquals(1, new EventStore(ds).count());
            assertEquals("paused", new AgentStore(ds).status("a-1"));
        } finally {
            journal.stop();
        }
    }
}
