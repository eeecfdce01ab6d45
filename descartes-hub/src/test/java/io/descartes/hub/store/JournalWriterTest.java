package io.descartes.hub.store;

import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.MigratedDatabase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One group-committed batch on the run's store (SQLite, or PostgreSQL with its rewritten multi-row inserts). */
class JournalWriterTest {

    private static final String DB = "target/journal-writer-test.db";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneBatchWithSeveralChangesOfOneAgentAppliesThemInOrderAndStoresResentFramesOnce() throws Exception {
        DataSource ds = MigratedDatabase.fresh(DB);
        try (JournalWriter journal = new JournalWriter(ds, Clock.systemUTC())) {
            List<EventEntry> batch = List.of(
                    status("a-1", "initializing", "{\"backend\":\"demo\",\"step\":1}"),
                    status("a-2", "running", null),
                    status("a-1", "running", "{\"step\":2,\"backend\":null}"),
                    status("a-1", "running", "{\"step\":2,\"backend\":null}"));
            List<JournalReceipt> receipts = journal.write(batch);

            long first = receipts.get(0).id();
            assertEquals(List.of(first, first + 1, first + 2, first + 2), receipts.stream().map(JournalReceipt::id).toList(),
                    "consecutive ids in batch order; the re-sent frame gets the first one's id");
            assertTrue(receipts.get(3).duplicate());
            for (int i = 0; i < 3; i++) {
                EventRow row = new EventStore(ds).findById(receipts.get(i).id()).orElseThrow();
                assertEquals(batch.get(i).agentId() + " " + batch.get(i).content(), row.agentId() + " " + row.content(),
                        "receipt " + i + " names its own row");
            }
            AgentRow a1 = new AgentStore(ds).find(null, null, 10).stream()
                    .filter(a -> a.id().equals("a-1")).findFirst().orElseThrow();
            assertEquals("running", a1.status());
            assertEquals("{\"step\":2}", a1.metadata().replace(" ", ""), "merge patches applied in order");
            assertEquals(3, new EventStore(ds).count());
        }
    }

    @Test
    void aSpawnResponseRecordedAfterTheAgentsExitKeepsItsFinalStatus() throws Exception {
        DataSource ds = MigratedDatabase.fresh(DB);
        try (JournalWriter journal = new JournalWriter(ds, Clock.systemUTC())) {
            journal.write(List.of(status("quick", "completed", "{\"exit_code\":0}")));
            journal.write(List.of(spawned("quick", "{\"backend\":\"echo\"}"), spawned("fresh", null)));
            AgentStore agents = new AgentStore(ds);
            AgentRow quick = agents.findById("quick").orElseThrow();
            assertEquals("completed quick-name", quick.status() + " " + quick.name(), "the exit stays, the name comes");
            assertEquals(JSON.readTree("{\"exit_code\":0,\"backend\":\"echo\"}"), JSON.readTree(quick.metadata()));
            assertEquals("running", agents.status("fresh"));
            // a status update may move a final status on: a rewound agent that is resumed runs again
            journal.write(List.of(status("quick", "running", null)));
            assertEquals("running", agents.status("quick"));
        }
    }

    private static EventEntry spawned(String agent, String metadata) {
        return new EventEntry("spawn_response", agent, null, "{}", null, "spawn/" + agent,
                new AgentChange(agent, agent + "-name", "running", null, metadata, true));
    }

    private static EventEntry status(String agent, String status, String metadata) {
        return new EventEntry("status_update", agent, null, "{\"status\":\"" + status + "\"}", null,
                "status/" + agent + "/" + status, new AgentChange(agent, null, status, null, metadata));
    }
}
