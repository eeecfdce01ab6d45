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
 * own JVM, answers a flood of get_status requests (many in flight), or of pauses and resumes, and is killed with
 * SIGKILL right after a reply; then every request that was answered has its request and its response stored (a
 * pause's or resume's status_update right before its response), and no response is stored without its request,
 * earlier in the log.
 */
class ControlCrashTest {

    private static final String DB = "target/control-crash-test.db";
    private static final int WINDOW = 64;
    private static final int REPLIES = 2_000;
    private static final int PAUSES = 200;

    @Test
    void everyAnsweredRequestHasItsRequestAndResponseStoredAfterAKill() throws Exception {
        Map<String, String> properties = hubProperties();
        Set<String> answered = new HashSet<>();
        try (HubProcess hub = HubProcess.start(properties, HubProcess.logFile("control-crash-hub"));
             DescartesPeer peer = new DescartesPeer(properties.get("hub.zmq.command.address"))) {
            UUID agent = spawn(peer);
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
        stored(requests, responses, new HashMap<>());
        assertStoredInOrder(answered, requests, responses);
        assertEquals(REPLIES, answered.size());
    }

    @Test
    void everyAnsweredPauseAndResumeHasItsStatusChangeStoredAfterAKill() throws Exception {
        Map<String, String> properties = hubProperties();
        Map<String, String> answered = new HashMap<>();
        try (HubProcess hub = HubProcess.start(properties, HubProcess.logFile("control-crash-pause-hub"));
             DescartesPeer peer = new DescartesPeer(properties.get("hub.zmq.command.address"))) {
            UUID agent = spawn(peer);
            for (int i = 0; i < PAUSES; i++) {
                ControlCommandType type = i % 2 == 0 ? ControlCommandType.PAUSE : ControlCommandType.RESUME;
                CommandResponse response = (CommandResponse) peer.call(new ControlCommand("pause-" + i, agent, type, null));
                assertTrue(response.success(), response.error());
                answered.put(response.requestId(), response.status().wire());
            }
            hub.kill();
        }

        Map<String, Long> requests = new HashMap<>();
        Map<String, Long> responses = new HashMap<>();
        Map<Long, String> statusChanges = new HashMap<>();
        stored(requests, responses, statusChanges);
        assertStoredInOrder(answered.keySet(), requests, responses);
        answered.forEach((id, status) -> assertEquals(status, statusChanges.get(responses.get(id) - 1),
                "the status change right before the response: " + id));
    }

    private static Map<String, String> hubProperties() throws Exception {
        TestDatabase.reset(DB);
        Map<String, String> properties = HubProcess.properties("ControlCrashTest", DB);
        properties.put("hub.agents.workspace-root", "target/control-crash-workspaces");
        properties.put("hub.agents.process-records", "target/control-crash-processes");
        return properties;
    }

    private static UUID spawn(DescartesPeer peer) {
        SpawnResponse spawned = (SpawnResponse) peer.call(new SpawnRequest("spawn-" + UUID.randomUUID(),
                AgentConfig.of("crash", "demo", "steps=100000 step-ms=100"), null, null));
        assertTrue(spawned.success(), spawned.error());
        return spawned.agentInfo().id();
    }

    /** Requests and responses by request id, and status_updates' statuses by event id. */
    private static void stored(Map<String, Long> requests, Map<String, Long> responses, Map<Long, String> statusChanges)
            throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_type, json_extract(content, '$.request_id'), id, "
                     + "json_extract(content, '$.status') FROM events "
                     + "WHERE event_type IN ('control_command', 'command_response', 'status_update')")) {
            while (rs.next()) {
                switch (rs.getString(1)) {
                    case "control_command" -> requests.put(rs.getString(2), rs.getLong(3));
                    case "command_response" -> responses.put(rs.getString(2), rs.getLong(3));
                    default -> statusChanges.put(rs.getLong(3), rs.getString(4));
                }
            }
        }
    }

    private static void assertStoredInOrder(Set<String> answered, Map<String, Long> requests, Map<String, Long> responses) {
        for (String id : answered) {
            assertNotNull(requests.get(id), "answered, so its request is stored: " + id);
            assertNotNull(responses.get(id), "answered, so its response is stored: " + id);
        }
        responses.forEach((id, event) -> {
            assertNotNull(requests.get(id), "a stored response has its request stored: " + id);
            assertTrue(requests.get(id) < event, "the request comes first in the log: " + id);
        });
    }
}
