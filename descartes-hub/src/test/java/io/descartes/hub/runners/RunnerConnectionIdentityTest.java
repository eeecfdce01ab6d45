package io.descartes.hub.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.RunnerHeartbeat;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.protocol.RunnerUnregister;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/**
 * Without CURVE (the explicit opt-in) a runner-link peer has no key: a runner is bound to the connection that
 * registered it and an unplaced agent to the connection that first reported it; another connection gets
 * {@code forbidden} for both, and a dead letter.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:RunnerConnectionIdentityTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:RunnerConnectionIdentityTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:RunnerConnectionIdentityTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:RunnerConnectionIdentityTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + RunnerConnectionIdentityTest.DB,
                "camel.main.routes-reload-enabled=false", TestAuth.PROPERTY, "hub.zmq.curve.enabled=false"})
class RunnerConnectionIdentityTest {

    static final String DB = "target/runner-connection-identity-test.db";
    static final String RUNNER_LINK = TestPorts.tcp("RunnerConnectionIdentityTest.runner");

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void anotherConnectionCannotSpeakForARunnerOrAnAgentItDidNotRegisterOrReportFirst() throws Exception {
        try (DescartesPeer first = DescartesPeer.unauthenticated(RUNNER_LINK); DescartesPeer second = DescartesPeer.unauthenticated(RUNNER_LINK)) {
            RunnerRegister register = new RunnerRegister("runner-plain",
                    TestPorts.tcp("RunnerConnectionIdentityTest.runner-command"), 2, Map.of(), List.of());
            assertTrue(assertInstanceOf(RunnerAck.class, first.call(register)).known());
            UUID agent = UUID.randomUUID();
            assertInstanceOf(EventAck.class, first.call(new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED,
                    AgentStatus.RUNNING, "started", null, WireTime.now())));

            forbidden(second.call(new RunnerRegister("runner-plain",
                    TestPorts.tcp("RunnerConnectionIdentityTest.runner-command2"), 2, Map.of(), List.of())));
            forbidden(second.call(new RunnerHeartbeat("runner-plain", 0)));
            forbidden(second.call(new RunnerUnregister("runner-plain")));
            forbidden(second.call(new StatusUpdate(agent, StatusUpdateType.COMPLETED, AgentStatus.COMPLETED, "forged",
                    null, WireTime.now())));
            forbidden(second.call(new LogStream(agent, LogStreamType.STDOUT,
                    "forged\n".getBytes(StandardCharsets.UTF_8), WireTime.now(), 9)));
            assertEquals(5, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters WHERE error_code = 'forbidden'"));
            assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE content LIKE '%forged%'"));
            assertEquals("running", TestDatabase.queryString(DB, "SELECT status FROM agents WHERE id = '" + agent + "'"));
            assertEquals("tcp://127.0.0.1:" + TestPorts.port("RunnerConnectionIdentityTest.runner-command") + " live",
                    TestDatabase.queryString(DB,
                    "SELECT command_address || ' ' || status FROM runners WHERE id = 'runner-plain'"), "not taken over");
            assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM runners WHERE peer_key IS NOT NULL"),
                    "a connection's routing id is never stored");

            // the first connection still speaks for both
            assertTrue(assertInstanceOf(RunnerAck.class, first.call(new RunnerHeartbeat("runner-plain", 1))).known());
            assertInstanceOf(EventAck.class, first.call(new LogStream(agent, LogStreamType.STDOUT,
                    "real\n".getBytes(StandardCharsets.UTF_8), WireTime.now(), 1)));
            // and an agent nobody reported yet is the second connection's own
            assertInstanceOf(EventAck.class, second.call(new StatusUpdate(UUID.randomUUID(),
                    StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING, "started", null, WireTime.now())));
        }
    }

    private static void forbidden(ZmqMessage reply) {
        CommandResponse refused = assertInstanceOf(CommandResponse.class, reply);
        assertFalse(refused.success());
        assertEquals("forbidden", refused.data().get("code").asText(), refused.toString());
    }
}
