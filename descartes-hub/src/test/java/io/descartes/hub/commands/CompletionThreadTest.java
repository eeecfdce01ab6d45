package io.descartes.hub.commands;

import java.util.Set;
import java.util.UUID;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.StepThreads;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.descartes.hub.testing.StepThreads.COMPLETION_THREAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's completion thread orders every broadcast and reply, so a step that queries the database must not
 * run on it: a health check counts the active agents on a thread of its own, and still counts them right.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:CompletionThreadTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:CompletionThreadTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:CompletionThreadTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:CompletionThreadTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + CompletionThreadTest.DB,
                "hub.agents.workspace-root=target/completion-thread-test-workspaces",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompletionThreadTest {

    static final String DB = "target/completion-thread-test.db";

    static {
        TestDatabase.reset(DB);
    }

    private final StepThreads steps = new StepThreads("healthCheckResponder", "eventBroadcaster");

    @Configure
    protected void watchSteps(MainConfigurationProperties configuration) {
        steps.install(configuration);
    }

    @Test
    void healthChecksCountOffTheCompletionThreadThatRunsTheBroadcasts() {
        try (DescartesPeer controller = new DescartesPeer(TestPorts.tcp("CompletionThreadTest.command"));
             DescartesPeer runner = new DescartesPeer(TestPorts.tcp("CompletionThreadTest.runner"))) {
            long before = health(controller, "h-before");
            runner.call(new StatusUpdate(UUID.randomUUID(), StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING, "up",
                    null, WireTime.now()));
            assertEquals(before + 1, health(controller, "h-after"));
        }
        // the watch sees the completion thread where it is: the broadcasts run there
        assertTrue(steps.of("eventBroadcaster").contains(COMPLETION_THREAD), steps.of("eventBroadcaster").toString());
        Set<String> health = steps.of("healthCheckResponder");
        assertFalse(health.isEmpty() || health.contains(COMPLETION_THREAD), health.toString());
    }

    /**
     * A burst keeps the one health-check thread busy while the completion thread hands it more: they must wait in
     * its queue, not run on the handing thread (Camel reads a threads step's maxQueueSize 0 or -1 as direct hand-off,
     * and a refused hand-off runs on the caller).
     */
    @Test
    void aBurstOfHealthChecksQueuesOffTheCompletionThread() {
        int burst = 200;
        try (DescartesPeer controller = new DescartesPeer(TestPorts.tcp("CompletionThreadTest.command"))) {
            for (int i = 0; i < burst; i++) {
                controller.send(new HealthCheckRequest("burst-" + i));
            }
            for (int i = 0; i < burst; i++) {
                assertTrue(assertInstanceOf(HealthCheckResponse.class, controller.receive()).healthy());
            }
        }
        Set<String> health = steps.of("healthCheckResponder");
        assertFalse(health.contains(COMPLETION_THREAD), health.toString());
    }

    private static long health(DescartesPeer controller, String requestId) {
        HealthCheckResponse health = assertInstanceOf(HealthCheckResponse.class,
                controller.call(new HealthCheckRequest(requestId)));
        assertTrue(health.healthy());
        return health.activeAgents();
    }
}
