package io.descartes.hub.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * What reaches an agent's environment, read from the kernel ({@code /proc/<pid>/environ}) of an agent started by a
 * hub in its own JVM, whose environment holds the hub's credentials and settings: none of those, only the small
 * base, what the backend declares and what the spawn may set.
 */
class AgentEnvironmentTest {

    private static final String DB = "target/agent-environment-test.db";
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void anAgentGetsNoneOfTheHubsOwnEnvironment() throws Exception {
        TestDatabase.reset(DB);
        Path log = HubProcess.logFile("agent-environment-hub");
        Files.deleteIfExists(log);
        Map<String, String> hubEnvironment = Map.of(
                "HUB_SECURITY_TOKEN", TestAuth.TOKEN,
                "DESCARTES_MASTER_KEY", MASTER_KEY,
                "HUB_AGENTS_STOP_GRACE_MS", "3000",
                "AGENT_ENVIRONMENT_TEST_MARKER", "hub-only");
        try (HubProcess hub = HubProcess.start(hubEnvironment, Map.of(
                "hub.http.port", "19710",
                "hub.zmq.command.address", "tcp://127.0.0.1:19711",
                "hub.zmq.runner.address", "tcp://127.0.0.1:19712",
                "hub.zmq.pub.address", "tcp://127.0.0.1:19713",
                "hub.db.url", "jdbc:sqlite:" + DB,
                "hub.agents.workspace-root", "target/agent-environment-test-workspaces",
                "hub.agents.process-records", "target/agent-environment-test-processes",
                "camel.main.routes-reload-enabled", "false"), log)) {
            HubHttp http = new HubHttp(19710);
            HubHttp.Reply spawned = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "env",
                    "model_backend", "demo", "task", "steps=2000 step-ms=50", "environment", Map.of("DEMO_EXIT", "3"))));
            assertEquals(201, spawned.status(), spawned.body());
            JsonNode agent = spawned.json().get("agent_info");
            String id = agent.get("id").asText();
            long pid = http.send("GET", "/api/agents/" + id, null).json().get("pid").asLong();
            Map<String, String> environ = environ(pid);
            http.send("POST", "/api/agents/" + id + "/control", "{\"command\": \"kill\"}");

            assertEquals(id, environ.get(EmbeddedRunner.AGENT_ID_VARIABLE), "the environ read is the agent's");
            assertEquals("3", environ.get("DEMO_EXIT"), "the spawn's allowed variable is there");
            assertEquals(System.getenv("PATH"), environ.get("PATH"), "the base is there");
            for (String hubOnly : hubEnvironment.keySet()) {
                assertFalse(environ.containsKey(hubOnly), hubOnly + " reached the agent: " + environ.keySet());
            }
            assertFalse(environ.values().stream().anyMatch(v -> v.contains(MASTER_KEY)), "the master key's value");
            assertTrue(environ.keySet().stream().allMatch(k -> AgentEnvironment.INHERITED.contains(k)
                    || k.startsWith("DESCARTES_") || k.equals("DEMO_EXIT")), "only what was declared: " + environ.keySet());
        }
    }

    private static Map<String, String> environ(long pid) throws Exception {
        String text = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\0")).filter(e -> e.contains("="))
                .collect(Collectors.toMap(e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1),
                        (a, b) -> b));
    }
}
