package io.descartes.hub.agents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hub stopped with SIGTERM stops its agents first (policy stop) and records their final status; the
 * snapshots those statuses trigger are committed with their events, and the log says nothing failed.
 */
class AgentShutdownTest {

    private static final String DB = "target/agents-shutdown-test.db";
    private static final String COMMANDS = TestPorts.tcp("AgentShutdownTest.command");

    @Test
    void stoppingTheHubTerminatesItsAgentsAndRecordsIt() throws Exception {
        TestDatabase.reset(DB);
        Map<String, String> properties = Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("AgentShutdownTest.http")),
                "hub.zmq.command.address", COMMANDS,
                "hub.zmq.pub.address", TestPorts.tcp("AgentShutdownTest.pub"),
                "hub.zmq.runner.address", TestPorts.tcp("AgentShutdownTest.runner"),
                "hub.db.url", "jdbc:sqlite:" + DB,
                "hub.agents.workspace-root", "target/agents-shutdown-test-workspaces",
                "hub.agents.shutdown-policy", "stop",
                "camel.main.routes-reload-enabled", "false");
        Path log = HubProcess.logFile("agents-shutdown-test");
        Files.deleteIfExists(log);
        try (HubProcess hub = HubProcess.start(properties, log)) {
            List<Long> pids;
            List<UUID> ids;
            try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
                ids = List.of(spawn(peer), spawn(peer));
                pids = ids.stream().map(id -> control(peer, id, ControlCommandType.GET_STATUS).data().get("pid").asLong())
                        .toList();
                assertTrue(control(peer, ids.get(1), ControlCommandType.PAUSE).success());
            }

            int exit = hub.stop();
            assertTrue(exit == 0 || exit == 143, "graceful stop on SIGTERM, exit " + exit); // 143 = 128 + SIGTERM

            for (int i = 0; i < ids.size(); i++) {
                assertEquals("terminated", TestDatabase.queryString(DB,
                        "SELECT status FROM agents WHERE id = '" + ids.get(i) + "'"));
                assertFalse(ProcessHandle.of(pids.get(i)).map(ProcessHandle::isAlive).orElse(false),
                        "agent process " + pids.get(i) + " ended");
                assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM snapshots WHERE agent_id = '"
                        + ids.get(i) + "' AND description = 'status terminated'"), "the final status is snapshotted");
            }
            assertEquals(TestDatabase.queryLong(DB, "SELECT count(*) FROM snapshots"), TestDatabase.queryLong(DB,
                    "SELECT count(*) FROM events WHERE event_type = 'snapshot_created'"), "each snapshot has its event");
            assertEquals(List.of(), Files.readAllLines(log).stream()
                    .filter(line -> line.contains(" WARN ") && line.contains("snapshot")).toList(), "no snapshot warning");
        }
    }

    private static UUID spawn(DescartesPeer peer) {
        SpawnResponse r = (SpawnResponse) peer.call(new SpawnRequest("s-" + UUID.randomUUID(),
                AgentConfig.of("long", "demo", "steps=2000 step-ms=50"), null, null));
        assertTrue(r.success(), r.error());
        return r.agentInfo().id();
    }

    private static CommandResponse control(DescartesPeer peer, UUID id, ControlCommandType type) {
        return (CommandResponse) peer.call(new ControlCommand("c-" + UUID.randomUUID(), id, type, null));
    }
}
