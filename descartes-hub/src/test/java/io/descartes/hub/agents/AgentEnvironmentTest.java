package io.descartes.hub.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

/**
 * What reaches an agent's environment, read from the kernel ({@code /proc/<pid>/environ}) of an agent started by a
 * hub, or a remote runner, in a JVM of its own whose environment holds the hub's credentials and settings: none of
 * those, only the small base, the DESCARTES_* variables and what the spawn may set.
 */
class AgentEnvironmentTest {

    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final Map<String, String> HUB_ENVIRONMENT = Map.of(
            "HUB_SECURITY_TOKEN", TestAuth.TOKEN,
            "DESCARTES_MASTER_KEY", MASTER_KEY,
            "HUB_AGENTS_STOP_GRACE_MS", "3000",
            "AGENT_ENVIRONMENT_TEST_MARKER", "hub-only");

    @Test
    void anAgentOfTheEmbeddedRunnerGetsNoneOfTheHubsOwnEnvironment() throws Exception {
        Map<String, String> properties = hubProperties("target/agent-environment-test.db",
                TestPorts.port("AgentEnvironmentTest.hub-http"));
        properties.put("hub.agents.workspace-root", "target/agent-environment-test-workspaces");
        properties.put("hub.agents.process-records", "target/agent-environment-test-processes");
        try (HubProcess hub = HubProcess.start(HUB_ENVIRONMENT, properties, freshLog("agent-environment-hub"))) {
            assertOnlyDeclaredVariables(new HubHttp(TestPorts.port("AgentEnvironmentTest.hub-http")));
        }
    }

    @Test
    void anAgentOfARemoteRunnerGetsNoneOfTheRunnersOwnEnvironment() throws Exception {
        String db = "target/agent-environment-runner-test.db";
        Map<String, String> hubProperties = hubProperties(db, TestPorts.port("AgentEnvironmentTest.runner-hub-http"));
        hubProperties.put("hub.agents.embedded.enabled", "false");
        hubProperties.put("hub.agents.process-records", "target/agent-environment-runner-hub-processes");
        Map<String, String> runnerProperties = Map.of(
                "hub.runner.id", "environment-runner",
                "hub.zmq.runner.address", hubProperties.get("hub.zmq.runner.address"),
                "hub.runner.command-address", TestPorts.tcp("AgentEnvironmentTest.runner-command"),
                "hub.runner.heartbeat-ms", "300",
                "hub.agents.workspace-root", "target/agent-environment-runner-workspaces",
                "hub.agents.process-records", "target/agent-environment-runner-processes");
        try (HubProcess hub = HubProcess.start(Map.of("HUB_SECURITY_TOKEN", TestAuth.TOKEN), hubProperties,
                freshLog("agent-environment-runner-hub"));
             RunnerProcess runner = RunnerProcess.start(HUB_ENVIRONMENT, runnerProperties,
                     freshLog("agent-environment-runner"))) {
            Waits.await("the runner registered").until(() -> "live".equals(TestDatabase.queryString(db,
                    "SELECT coalesce(max(status), '') FROM runners WHERE id = 'environment-runner'")));
            assertOnlyDeclaredVariables(new HubHttp(TestPorts.port("AgentEnvironmentTest.runner-hub-http")));
        }
    }

    private static Map<String, String> hubProperties(String db, int port) {
        TestDatabase.reset(db);
        Map<String, String> properties = new HashMap<>();
        properties.put("hub.http.port", String.valueOf(port));
        properties.put("hub.zmq.command.address", "tcp://127.0.0.1:" + (port + 1));
        properties.put("hub.zmq.runner.address", "tcp://127.0.0.1:" + (port + 2));
        properties.put("hub.zmq.pub.address", "tcp://127.0.0.1:" + (port + 3));
        properties.put("hub.db.url", "jdbc:sqlite:" + db);
        properties.put("camel.main.routes-reload-enabled", "false");
        return properties;
    }

    /** Spawns a long demo agent with one allowed variable, reads its environment from the kernel, kills it. */
    private static void assertOnlyDeclaredVariables(HubHttp http) throws Exception {
        HubHttp.Reply spawned = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "env",
                "model_backend", "demo", "task", "steps=2000 step-ms=50", "environment", Map.of("DEMO_EXIT", "3"))));
        assertEquals(201, spawned.status(), spawned.body());
        String id = spawned.json().get("agent_info").get("id").asText();
        AtomicReference<Map<String, String>> found = new AtomicReference<>();
        Waits.await("the agent's process").until(() -> {
            agentEnviron(id).ifPresent(found::set);
            return found.get() != null;
        });
        Map<String, String> environ = found.get();
        http.send("POST", "/api/agents/" + id + "/control", "{\"command\": \"kill\"}");

        assertEquals("3", environ.get("DEMO_EXIT"), "the spawn's allowed variable is there");
        assertEquals(System.getenv("PATH"), environ.get("PATH"), "the base is there");
        for (String hubOnly : HUB_ENVIRONMENT.keySet()) {
            assertFalse(environ.containsKey(hubOnly), hubOnly + " reached the agent: " + environ.keySet());
        }
        assertFalse(environ.values().stream().anyMatch(v -> v.contains(MASTER_KEY)), "the master key's value");
        assertTrue(environ.keySet().stream().allMatch(k -> AgentEnvironment.INHERITED.contains(k)
                || k.startsWith("DESCARTES_") || k.equals("DEMO_EXIT")), "only what was declared: " + environ.keySet());
    }

    /** The environment of the process carrying this agent id, once there is one. */
    private static Optional<Map<String, String>> agentEnviron(String agentId) {
        String marker = EmbeddedRunner.AGENT_ID_VARIABLE + "=" + agentId;
        return ProcessHandle.allProcesses().map(p -> environ(p.pid()))
                .filter(env -> env.contains("\0" + marker + "\0") || env.startsWith(marker + "\0")).findFirst()
                .map(env -> Arrays.stream(env.split("\0")).filter(e -> e.contains("=")).collect(Collectors.toMap(
                        e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1), (a, b) -> b)));
    }

    private static String environ(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // ended meanwhile, or not ours to read
        }
    }

    private static Path freshLog(String name) throws IOException {
        Path log = HubProcess.logFile(name);
        Files.deleteIfExists(log);
        return log;
    }
}
