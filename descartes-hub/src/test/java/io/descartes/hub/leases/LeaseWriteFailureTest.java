package io.descartes.hub.leases;

import static io.descartes.hub.testing.StepThreads.COMPLETION_THREAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.StepThreads;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A database that refuses writes, for real: SQLite refusing the lease's event (as a full disk refuses
 * a page), or another connection holding the write lock beyond the busy timeout. A grant is answered with
 * its token or not kept, and /health and readiness say DOWN while writes fail.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:LeaseWriteFailureTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:LeaseWriteFailureTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:LeaseWriteFailureTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:LeaseWriteFailureTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + LeaseWriteFailureTest.DB, "hub.db.sqlite.busy-timeout-ms=300",
                "camel.main.routes-reload-enabled=false", TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseWriteFailureTest {

    static final String DB = "target/lease-write-failure-test.db";

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("LeaseWriteFailureTest.http"));
    private final StepThreads steps = new StepThreads("leasesApi.withdrawGrant");

    @Configure
    protected void watchSteps(MainConfigurationProperties configuration) {
        steps.install(configuration);
    }

    @Test
    void aGrantWhoseEventCannotBeStoredIsNotKept() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_lease_event BEFORE INSERT ON events WHEN NEW.event_type = 'lease_acquired' "
                    + "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
            HubHttp.Reply refused = http.send("POST", "/api/leases",
                    "{\"resource\":\"disk-r\",\"holder\":\"first\",\"ttl_ms\":600000}");
            assertEquals(503, refused.status(), refused.body());
            assertTrue(refused.json().get("error").asText().contains("not granted"), refused.body());
            assertEquals(0, http.send("GET", "/api/leases", null).json().get("leases").size(), "nothing is held");
            // the journal fails the event on its completion thread; the withdrawal, a database write, runs elsewhere
            Set<String> withdrawal = steps.of("leasesApi.withdrawGrant");
            assertFalse(withdrawal.isEmpty() || withdrawal.contains(COMPLETION_THREAD), withdrawal.toString());
            s.execute("DROP TRIGGER refuse_lease_event");
        }
        HubHttp.Reply granted = http.send("POST", "/api/leases",
                "{\"resource\":\"disk-r\",\"holder\":\"second\",\"ttl_ms\":600000}");
        assertEquals(201, granted.status(), "another holder gets the resource: " + granted.body());
        JsonNode lease = granted.json();
        assertTrue(lease.get("token").asLong() > 1, "the refused grant's token is never handed out again: " + lease);
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'lease_acquired'"));
    }

    @Test
    void healthAndReadinessAreDownWhileTheDatabaseRefusesWrites() throws Exception {
        Waits.await("/health UP").until(() -> http.send("GET", "/health", null).status() == 200);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + DB); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // holds the write lock past the hub's busy timeout
            Waits.await("/health DOWN").until(() -> http.send("GET", "/health", null).status() == 503);
            Waits.await("readiness DOWN").until(() -> http.send("GET", "/observe/health/ready", null).status() == 503);
            HubHttp.Reply refused = http.send("POST", "/api/leases",
                    "{\"resource\":\"locked-r\",\"holder\":\"h\",\"ttl_ms\":600000}");
            assertTrue(refused.status() >= 500 && refused.json().has("error"), refused.body());
            s.execute("ROLLBACK");
        }
        Waits.await("/health UP again").until(() -> http.send("GET", "/health", null).status() == 200);
        Waits.await("readiness UP again").until(() -> http.send("GET", "/observe/health/ready", null).status() == 200);
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM leases WHERE resource = 'locked-r'"));
    }
}
