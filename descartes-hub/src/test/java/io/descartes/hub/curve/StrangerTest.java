package io.descartes.hub.curve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubKeys;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.LibzmqPeer;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue #15 finding 1, as another local user (uid nobody, through setpriv, running pyzmq): with the default settings
 * no frame without a key or with an unknown key gets through on the command endpoint, the runner link, the PUB or a
 * runner's command endpoint (nothing spawned, listed, recorded or dead-lettered), and the key folder's secrets cannot
 * be read.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:StrangerTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:StrangerTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:StrangerTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:StrangerTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + StrangerTest.DB, "camel.main.routes-reload-enabled=false", TestAuth.PROPERTY})
class StrangerTest {

    static final String DB = "target/stranger-test.db";
    static final String COMMANDS = TestPorts.tcp("StrangerTest.command");
    static final String RUNNER_LINK = TestPorts.tcp("StrangerTest.runner");
    static final String PUB = TestPorts.tcp("StrangerTest.pub");
    private static final String RUNNER_COMMANDS = TestPorts.tcp("StrangerTest.runner-command");
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void anotherLocalUserGetsNothingThroughAndCannotReadTheKeys() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a peer as nobody");
        LibzmqPeer.assumeAvailable();
        AtomicBoolean publishing = new AtomicBoolean(true);
        try (RunnerProcess runner = RunnerProcess.start(Map.of("hub.runner.id", "stranger-test-runner",
                "hub.zmq.runner.address", RUNNER_LINK, "hub.runner.command-address", RUNNER_COMMANDS,
                "hub.agents.workspace-root", "target/stranger-test-runner-workspaces"), HubProcess.logFile("stranger-test-runner"));
             DescartesPeer events = new DescartesPeer(RUNNER_LINK)) {
            Waits.await("the runner registered").until(() -> "live".equals(TestDatabase.queryString(DB,
                    "SELECT coalesce(max(status), '') FROM runners WHERE id = 'stranger-test-runner'")));
            // the PUB has something to publish all along: a stranger subscribed would see it
            Thread publisher = new Thread(() -> {
                UUID agent = UUID.randomUUID();
                while (publishing.get()) {
                    events.call(new StatusUpdate(agent, StatusUpdateType.HEARTBEAT, null, "beat", null, WireTime.now()));
                }
            });
            publisher.start();
            long recorded;
            List<JsonNode> steps;
            try {
                recorded = TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type <> 'status_update'");
                steps = LibzmqPeer.runScript(AS_NOBODY, "/peers/stranger_peer.py", COMMANDS, RUNNER_LINK, PUB,
                        RUNNER_COMMANDS, HubKeys.serverPublicKey(), HubKeys.FOLDER.toAbsolutePath().toString());
            } finally {
                publishing.set(false);
                publisher.join();
            }
            assertEquals(12, steps.size(), steps.toString());
            for (JsonNode step : steps) {
                String expected = step.path("step").asText().startsWith("read ") ? "denied" : "silent";
                assertEquals(expected, step.path("value").asText(), step.path("step").asText());
            }
            assertEquals(recorded, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type <> 'status_update'"),
                    "no request of the stranger was recorded");
            assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM agents"), "nothing spawned");
            assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters"), "nothing dead-lettered");
            assertTrue(runner.isAlive());
        }
    }
}
