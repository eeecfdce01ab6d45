package io.descartes.hub.agents;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.PauseMode;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.ZmqMessage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner without Camel: backend configuration errors and the shutdown policies. */
class EmbeddedRunnerTest {

    private static final AgentBackend DEMO = new AgentBackend("demo", AgentBackend.parseArgv(
            "{java}, -cp, {classpath}, io.descartes.hub.agents.demo.DemoAgent"), TaskInput.ENV, Map.of());

    @Test
    void badBackendSettingsStopTheHubNamingTheKey() {
        assertEquals("hub.agents.backends.x.argv is not set", configError("hub.agents.backends.x.task-input", "env"));
        assertTrue(configError("hub.agents.backends.x.argv", "run,{prompt}").contains("unknown placeholder {prompt}"));
        assertTrue(configError("hub.agents.backends.x.argv", " , ").contains("argv is empty"));
        assertTrue(configError("hub.agents.backends.x.colour", "red").contains("x.colour: unknown setting"));
        assertTrue(backendError("env.A=B", "1").contains("env.A=B is not a variable name"));
        for (String hookAdmitting : List.of("LD_*", "LD_PRELOAD", "L*", "JAVA_TOOL_OPTIONS", "_*")) {
            String error = backendError("allowed-environment", "DEMO_*, " + hookAdmitting);
            assertTrue(error.startsWith("hub.agents.backends.x.allowed-environment: '" + hookAdmitting + "' admits "),
                    error);
        }
        assertTrue(backendError("allowed-environment", "*")
                .contains("'*' is neither a variable name nor a prefix ending in *"));
        assertTrue(backendError("task-input", "telepathy").startsWith("hub.agents.backends.x.task-input: task-input must be one of"));
    }

    @Test
    void stopPolicyTerminatesRunningAgentsAndWaitsForTheirFinalStatus() throws Exception {
        assertFinalStatusesOnShutdown(ShutdownPolicy.STOP, 143);
    }

    @Test
    void killPolicyKillsPausedAgentsToo() throws Exception {
        assertFinalStatusesOnShutdown(ShutdownPolicy.KILL, 137);
    }

    @Test
    void onlyTheNewestFinishedAgentsAreKeptInMemory() throws Exception {
        AgentBackend echo = new AgentBackend("echo", List.of("cat"), TaskInput.STDIN_EOF, Map.of());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (AgentProcesses processes = AgentProcessesTest.processes("embedded-runner-test")) {
            EmbeddedRunner runner = new EmbeddedRunner(new AgentBackends(Map.of("echo", echo)),
                    new RunnerSettings(Path.of("target/embedded-runner-test"), 100, 5000, 10, 1), (e, m) -> { }, (id, dir) -> { },
                    new SecretEnvironment(null), processes, timer, null);
            RunningAgent first = finished(runner, runner.spawn(AgentConfig.of("1", "echo", "one"), Map.of()));
            RunningAgent second = finished(runner, runner.spawn(AgentConfig.of("2", "echo", "two"), Map.of()));
            assertEquals(List.of("two"), second.output().lines(l -> true));
            runner.spawn(AgentConfig.of("3", "echo", "three"), Map.of());

            assertEquals("Agent not found: " + first.id(),
                    assertThrows(AgentFailure.class, () -> runner.get(first.id())).getMessage());
            assertEquals(AgentStatus.COMPLETED, runner.get(second.id()).status());
        } finally {
            timer.shutdownNow();
        }
    }

    private static RunningAgent finished(EmbeddedRunner runner, RunningAgent agent) throws InterruptedException {
        runner.launch(agent.id());
        assertTrue(agent.awaitFinished(30_000));
        return agent;
    }

    private static void assertFinalStatusesOnShutdown(ShutdownPolicy policy, int exitCode) throws Exception {
        List<ZmqMessage> events = new CopyOnWriteArrayList<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (AgentProcesses processes = AgentProcessesTest.processes("embedded-runner-test")) {
            EmbeddedRunner runner = new EmbeddedRunner(new AgentBackends(Map.of("demo", DEMO)),
                    new RunnerSettings(Path.of("target/embedded-runner-test"), 100, 5000, 10, 10),
                    (e, metadata) -> events.add(e), (id, dir) -> { }, new SecretEnvironment(null), processes, timer, null);
            RunningAgent running = runner.spawn(AgentConfig.of("a", "demo", "steps=2000 step-ms=50"), Map.of());
            RunningAgent paused = runner.spawn(AgentConfig.of("b", "demo", "steps=2000 step-ms=50"), Map.of());
            runner.launch(running.id());
            runner.launch(paused.id());
            runner.pause(paused, PauseMode.FORCED);

            runner.shutdown(policy);

            for (RunningAgent agent : List.of(running, paused)) {
                assertFalse(agent.process().isAlive());
                assertEquals(AgentStatus.TERMINATED, agent.status());
                assertEquals(exitCode, agent.exitCode());
                assertTrue(events.stream().anyMatch(e -> e instanceof StatusUpdate s && s.agentId().equals(agent.id())
                        && s.status() == AgentStatus.TERMINATED), "final status emitted");
            }
        } finally {
            timer.shutdownNow();
        }
    }

    /** The error of backend x, which has an argv, with this one setting added. */
    private static String backendError(String setting, String value) {
        Properties p = new Properties();
        p.setProperty("hub.agents.backends.x.argv", "a");
        p.setProperty("hub.agents.backends.x." + setting, value);
        return assertThrows(IllegalStateException.class, () -> AgentBackends.fromProperties(p)).getMessage();
    }

    private static String configError(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return assertThrows(IllegalStateException.class, () -> AgentBackends.fromProperties(p)).getMessage();
    }
}
