package io.descartes.hub.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.ErrorCode;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.ManualClock;
import io.descartes.hub.testing.MigratedDatabase;
import io.descartes.hub.testing.TestDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Runner and agent identity on the runner link across hub restarts and runner loss, on a real SQLite file. */
class RunnerIdentityTest {

    private static final String DB = "target/runner-identity-test.db";
    private static final long LOST_AFTER = 1000;
    private static final LinkPeer KEY_A = new LinkPeer("a".repeat(40), true);
    private static final LinkPeer KEY_B = new LinkPeer("b".repeat(40), true);
    private static final RunnerRegister REGISTER = new RunnerRegister("runner-r", "tcp://127.0.0.1:1", 1, Map.of(),
            List.of());

    private final ManualClock clock = new ManualClock();
    private final RunnerStore store = new RunnerStore(MigratedDatabase.fresh(DB), new ObjectMapper());

    @Test
    void aLiveRunnerKeepsItsKeyAcrossAHubRestartAndALostOneMayComeBackUnderANewKey() throws Exception {
        RunnerRegistry runners = new RunnerRegistry(store, clock, LOST_AFTER, "hub-a");
        assertTrue(runners.handle(REGISTER, KEY_A).known());
        forbidden(() -> runners.handle(REGISTER, KEY_B));

        // the hub restarts: the runner awaits its return, still bound to the key it registered with
        RunnerRegistry restarted = new RunnerRegistry(store, clock, LOST_AFTER, "hub-a");
        forbidden(() -> restarted.handle(REGISTER, KEY_B));
        assertTrue(restarted.speaksFor("runner-r", KEY_A));
        assertFalse(restarted.speaksFor("runner-r", KEY_B));

        // lost: a register under a new key takes the id over, and the old key no longer speaks for it
        clock.advance(LOST_AFTER + 1);
        restarted.sweep();
        assertEquals("lost", TestDatabase.queryString(DB, "SELECT status FROM runners WHERE id = 'runner-r'"));
        assertTrue(restarted.handle(REGISTER, KEY_B).known());
        assertEquals(KEY_B.id(), TestDatabase.queryString(DB, "SELECT peer_key FROM runners WHERE id = 'runner-r'"));
        assertFalse(restarted.speaksFor("runner-r", KEY_A));
        assertTrue(restarted.speaksFor("runner-r", KEY_B));
    }

    @Test
    void theFirstReporterOfAnUnplacedAgentKeepsItAcrossARestartAndTheHubsOwnTakeNone() throws Exception {
        RunnerRegistry runners = new RunnerRegistry(store, clock, LOST_AFTER, "hub-a");
        UUID upstream = UUID.randomUUID();
        AgentOwners owners = new AgentOwners(store, runners, id -> false);
        owners.process(event(upstream, KEY_A));
        forbidden(() -> owners.process(event(upstream, KEY_B)));

        AgentOwners restarted = new AgentOwners(store, new RunnerRegistry(store, clock, LOST_AFTER, "hub-a"), id -> false);
        forbidden(() -> restarted.process(event(upstream, KEY_B)));
        restarted.process(event(upstream, KEY_A));

        UUID embedded = UUID.randomUUID();
        AgentOwners hubRuns = new AgentOwners(store, runners, embedded::equals);
        forbidden(() -> hubRuns.process(event(embedded, KEY_A)));
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM agent_reporters WHERE agent_id = '"
                + embedded + "'"));
    }

    /** After a restart the hub runs none of its old agents, but what it spawned (recorded with a backend) stays its own. */
    @Test
    void anAgentTheHubSpawnedBeforeARestartCannotBeClaimed() throws Exception {
        UUID spawned = UUID.randomUUID();
        TestDatabase.execute(DB, "INSERT INTO agents (id, name, status, created_at, updated_at, metadata) VALUES ('"
                + spawned + "', 'old', 'failed', 1, 1, '{\"backend\":\"demo\"}')");
        AgentOwners restarted = new AgentOwners(store, new RunnerRegistry(store, clock, LOST_AFTER, "hub-a"), id -> false);
        forbidden(() -> restarted.process(event(spawned, KEY_A)));
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM agent_reporters WHERE agent_id = '"
                + spawned + "'"));
    }

    private static Exchange event(UUID agent, LinkPeer sender) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING,
                "running", null, WireTime.now()));
        exchange.setProperty(LinkPeer.PROPERTY, sender);
        return exchange;
    }

    private static void forbidden(org.junit.jupiter.api.function.Executable call) {
        assertEquals(ErrorCode.FORBIDDEN, assertThrows(ProtocolException.class, call).code());
    }
}
