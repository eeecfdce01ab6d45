package io.descartes.hub.agents;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every control_command and its command_response are durable events committed before the reply: the hub runs as its
 * own JVM, answers a flood of get_status requests (many in flight) and is killed with SIGKILL right after a reply;
 * then every request that was answered has its request and its response stored, and no response is stored without
 * its request, earlier in the log.
 */
class ControlCrashTest {

    private static final String DB = "target/control-crash-test.db";
    private static final int WINDOW = 64;
    private static final int REPLIES = 2_000;

    @Test
    void everyAnsweredRequestHasItsRequestAndResponseStoredAfterAKill() throws Exception {
        TestDatabase.reset(DB);
        Map<String, String> properties = HubProcess.properties("ControlCrashTest", DB);
        properties.put("hub.agents.workspace-root", "target/control-crash-workspaces");
        properties.put("hub.agents.process-records", "target/control-crash-processes");
        Set<String> answered = new HashSet<>();
        try (HubProcess hub = HubProcess.start(properties, HubProcess.logFile("control-crash-hub"));
             DescartesPeer peer = new DescartesPeer(properties.get("hub.zmq.command.address"))) {
            SpawnResponse spawned = (SpawnResponse) peer.call(new SpawnRequest("spawn-" + UUID.randomUUID(),
                    AgentConfig.of("crash", "demo", "steps=100000 step-ms=100"), null, null));
            assertTrue(spawned.success(), spawned.error());
            UUID agent = spawned.agentInfo().id();
            int sent = 0;
            while (answered.size() < REPLIES) {
                while (sent - answered.size() < WINDOW) {
                    peer.send(new ControlCommand("status-" + sent++, agent, ControlCommandType.GET_STATUS, null));
                }
                CommandResponse response = (CommandResponse) peer.receive();
                assertTrue(response.success(), response.error());
                answered.add(response.requestId());
            }
            hub.kill();
        }

        Map<String, Long> requests = new HashMap<>();
        Map<String, Long> responses = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_type, json_extract(content, '$.request_id'), id FROM events "
                     + "WHERE event_type IN ('control_command', 'command_response')")) {
            while (rs.next()) {
                (rs.getString(1).equals("control_command") ? requests : responses).put(rs.getString(2), rs.getLong(3));
            }
        }
        for (String id : answered) {
            assertNotNull(requests.get(id), "answered, so its request is stored: " + id);
            assertNotNull(responses.get(id), "answered, so its response is stored: " + id);
        }
        responses.forEach((id, event) -> {
            assertNotNull(requests.get(id), "a stored response has its request stored: " + id);
            assertTrue(requests.get(id) < event, "the request comes first in the log: " + id);
        });
        assertEquals(REPLIES, answered.size());
    }
}
