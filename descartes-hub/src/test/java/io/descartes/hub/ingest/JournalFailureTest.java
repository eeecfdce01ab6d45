package io.descartes.hub.ingest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * When the store cannot take a write, every frame still gets exactly one reply: an error with code
 * {@code unavailable} (nothing was acknowledged), and the re-send after recovery is stored once.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:JournalFailureTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:JournalFailureTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:JournalFailureTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:JournalFailureTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + JournalFailureTest.DB,
                "hub.db.sqlite.busy-timeout-ms=300",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JournalFailureTest {

    static final String DB = "target/journal-failure-test.db";

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void aFrameTheStoreCannotTakeGetsAnUnavailableReplyAndItsResendIsStoredOnce() throws Exception {
        UUID agent = UUID.randomUUID();
        StatusUpdate update = new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING, null, null,
                WireTime.now());
        try (DescartesPeer runner = new DescartesPeer(TestPorts.tcp("JournalFailureTest.runner"));
             DescartesPeer controller = new DescartesPeer(TestPorts.tcp("JournalFailureTest.command"));
             Connection lock = DriverManager.getConnection("jdbc:sqlite:" + DB);
             Statement st = lock.createStatement()) {
            st.execute("BEGIN IMMEDIATE"); // another writer holds the database longer than the busy timeout
            CommandResponse refused = assertInstanceOf(CommandResponse.class, runner.call(update));
            assertFalse(refused.success());
            assertEquals("unavailable", refused.data().get("code").asText());
            CommandResponse commandRefused = assertInstanceOf(CommandResponse.class,
                    controller.call(new HealthCheckRequest("while-locked")));
            assertEquals("unavailable", commandRefused.data().get("code").asText());
            assertEquals("while-locked", commandRefused.requestId());
            st.execute("ROLLBACK");

            EventAck ack = assertInstanceOf(EventAck.class, runner.call(update));
            assertFalse(ack.duplicate());
            assertEquals(ack.eventId(), ((EventAck) runner.call(update)).eventId());
        }
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE agent_id = '" + agent + "'"));
    }
}
