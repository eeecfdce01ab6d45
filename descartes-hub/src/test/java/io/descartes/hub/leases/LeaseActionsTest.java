package io.descartes.hub.leases;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two real agents coordinate through leases over ZMQ custom actions: one holder at a time, fencing tokens grow. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:LeaseActionsTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:LeaseActionsTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:LeaseActionsTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:LeaseActionsTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + LeaseActionsTest.DB,
                "hub.agents.workspace-root=target/lease-actions-test-workspaces",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseActionsTest {

    static final String DB = "target/lease-actions-test.db";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void agentsTakeTurnsOnALeaseOverZmq() throws Exception {
        try (DescartesPeer peer = new DescartesPeer(TestPorts.tcp("LeaseActionsTest.command"))) {
            UUID a = spawn(peer);
            UUID b = spawn(peer);

            JsonNode first = result(action(peer, a, "lease_acquire", "{\"resource\":\"db-migration\",\"ttl_ms\":60000}"));
            assertEquals(a.toString(), first.get("holder").asText());
            long token = first.get("token").asLong();
            assertTrue(first.get("expires_at").canConvertToLong(), "on the wire the expiry stays epoch ms: " + first);

            CommandResponse refused = action(peer, b, "lease_acquire", "{\"resource\":\"db-migration\",\"ttl_ms\":60000}");
            assertFalse(refused.success());
            assertTrue(refused.error().contains("held by another holder"), refused.error());

            CommandResponse wrongToken = action(peer, a, "lease_release", "{\"resource\":\"db-migration\",\"token\":" + (token + 1) + "}");
            assertFalse(wrongToken.success(), "a release needs the fencing token");
            result(action(peer, a, "lease_release", "{\"resource\":\"db-migration\",\"token\":" + token + "}"));

            JsonNode second = result(action(peer, b, "lease_acquire", "{\"resource\":\"db-migration\",\"ttl_ms\":60000}"));
            assertEquals(b.toString(), second.get("holder").asText());
            assertTrue(second.get("token").asLong() > token, "fencing tokens only grow");
            JsonNode listed = result(action(peer, a, "lease_list", "{}")).get("leases");
            assertEquals(1, listed.size());
            assertEquals(b.toString(), listed.get(0).get("holder").asText());

            CommandResponse bad = action(peer, a, "lease_acquire", "{\"resource\":\"../etc\",\"ttl_ms\":60000}");
            assertFalse(bad.success(), "names are validated as over HTTP");
            for (UUID agent : new UUID[] {a, b}) {
                peer.call(new ControlCommand("stop-" + agent, agent, ControlCommandType.KILL, null));
            }
        }
        assertEquals(2, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'lease_acquired'"));
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'lease_released'"));
    }

    private static UUID spawn(DescartesPeer peer) {
        SpawnResponse r = assertInstanceOf(SpawnResponse.class, peer.call(new SpawnRequest("s-" + UUID.randomUUID(),
                AgentConfig.of("lease-user", "demo", "steps=100000 step-ms=100"), null, null)));
        assertTrue(r.success(), r.error());
        return r.agentInfo().id();
    }

    private static CommandResponse action(DescartesPeer peer, UUID agent, String action, String params) throws Exception {
        JsonNode payload = JSON.createObjectNode().put("action", action).set("params", JSON.readTree(params));
        return assertInstanceOf(CommandResponse.class,
                peer.call(new ControlCommand("c-" + UUID.randomUUID(), agent, ControlCommandType.CUSTOM_ACTION, payload)));
    }

    private static JsonNode result(CommandResponse response) {
        assertTrue(response.success(), response.error());
        return response.data().get("result");
    }
}
