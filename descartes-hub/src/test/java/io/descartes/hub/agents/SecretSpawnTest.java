package io.descartes.hub.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.security.SecretVault;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.OutputCapture;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TextStreamClient;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Secrets named in a spawn's metadata reach the agent process's environment (a real process writes what it
 * saw into its workspace) and nothing else: not the SQLite files, the hub's log or /ws/events.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:SecretSpawnTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:SecretSpawnTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:SecretSpawnTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:SecretSpawnTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + SecretSpawnTest.DB, "camel.main.routes-reload-enabled=false",
                "hub.security.master-key-file=" + SecretSpawnTest.KEY_FILE,
                "hub.agents.workspace-root=" + SecretSpawnTest.WORKSPACES,
                // a process that records the variable it was given, and prints nothing
                "hub.agents.backends.envdump.argv=sh,-c,printenv SPAWN_TOKEN > seen.txt",
                "hub.agents.backends.envdump.task-input=none", TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretSpawnTest {

    static final String DB = "target/secret-spawn-test.db";
    static final String KEY_FILE = "target/secret-spawn-test-master.key";
    static final String WORKSPACES = "target/secret-spawn-test-workspaces";

    static {
        TestDatabase.reset(DB);
        try {
            Files.deleteIfExists(Path.of(KEY_FILE));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        OutputCapture.start();
    }

    private final HubHttp http = new HubHttp(TestPorts.port("SecretSpawnTest.http"));

    @BeanInject
    CamelContext context;

    @Test
    void aNamedSecretReachesTheProcessOnly() throws Exception {
        String value = "plain-" + UUID.randomUUID();
        assertEquals(201, http.send("POST", "/api/secrets", HubHttp.json(Map.of("name", "SPAWN_TOKEN", "value", value)))
                .status());
        List<String> stream;
        String id;
        try (TextStreamClient ws = TextStreamClient.connect(TestPorts.port("SecretSpawnTest.http"))) {
            HubHttp.Reply spawned = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "dump",
                    "model_backend", "envdump", "task", "t", "metadata", Map.of("secrets", "SPAWN_TOKEN"))));
            assertEquals(201, spawned.status(), spawned.body());
            id = spawned.json().get("agent_info").get("id").asText();
            stream = ws.awaitMessageContaining("exit_code");
        }
        Waits.await("the agent's row completed").until(() -> "completed".equals(
                TestDatabase.queryString(DB, "SELECT status FROM agents WHERE id = '" + id + "'")));
        assertEquals(value, Files.readString(Path.of(WORKSPACES, id, "seen.txt")).strip(), "the process saw the value");

        String files = rawText(DB) + rawText(DB + "-wal");
        String log = OutputCapture.text();
        String ws = String.join("\n", stream);
        assertTrue(files.contains("SPAWN_TOKEN") && ws.contains(id), "the files and stream did record the spawn");
        assertTrue(log.contains("secret vault master key"), "the capture does hold the hub's log");
        assertFalse(files.contains(value), "plaintext in the SQLite files");
        assertFalse(log.contains(value), "plaintext in the log");
        assertFalse(ws.contains(value), "plaintext on /ws/events");
    }

    @Test
    void anUnknownOrMalformedSecretNameFailsTheSpawn() throws Exception {
        long agents = TestDatabase.queryLong(DB, "SELECT count(*) FROM agents");
        HubHttp.Reply refused = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "nope",
                "model_backend", "envdump", "task", "t", "metadata", Map.of("secrets", "NO_SUCH_SECRET"))));
        assertEquals(400, refused.status(), refused.body());
        JsonNode body = refused.json();
        assertFalse(body.get("success").asBoolean());
        assertTrue(body.get("error").asText().contains("NO_SUCH_SECRET"), body.toString());
        HubHttp.Reply badName = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "bad",
                "model_backend", "envdump", "task", "t", "metadata", Map.of("secrets", "../x"))));
        assertEquals(400, badName.status(), badName.body());
        assertFalse(badName.body().contains("../x"), "a bad name is not echoed");
        assertEquals(agents, TestDatabase.queryLong(DB, "SELECT count(*) FROM agents"), "no agent row");
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'spawn_response' "
                + "AND json_extract(content, '$.request_id') = '" + body.get("request_id").asText() + "'"));
    }

    @Test
    void aSpawnWithSecretsPlacedOnARemoteRunnerIsRefused() throws Exception {
        try (DescartesPeer runner = new DescartesPeer(TestPorts.tcp("SecretSpawnTest.runner"))) {
            // only this runner runs the backend; nothing listens on its command address, nothing is sent there
            assertTrue(assertInstanceOf(RunnerAck.class, runner.call(new RunnerRegister("remote",
                    TestPorts.tcp("SecretSpawnTest.runner-command"), 4, Map.of(), List.of("remote-only")))).known());
        }
        HubHttp.Reply refused = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "far",
                "model_backend", "remote-only", "task", "t", "metadata", Map.of("secrets", "SPAWN_TOKEN"))));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().get("error").asText().contains("only on the embedded runner"), refused.body());
    }

    @Test
    void aSpawnSetsOnlyWhatTheBackendAllowsAndNoHook() throws Exception {
        long agents = TestDatabase.queryLong(DB, "SELECT count(*) FROM agents");
        for (String hook : List.of("LD_PRELOAD", "JAVA_TOOL_OPTIONS", "HOME")) {
            HubHttp.Reply refused = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "hooked",
                    "model_backend", "demo", "task", "steps=1", "environment", Map.of(hook, "./evil.so"))));
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.json().get("error").asText().contains(hook + " is not allowed for model_backend 'demo'"),
                    refused.body());
        }
        try (DescartesPeer peer = new DescartesPeer(TestPorts.tcp("SecretSpawnTest.command"))) {
            SpawnResponse refused = assertInstanceOf(SpawnResponse.class, peer.call(new SpawnRequest("hook-zmq",
                    config("demo", Map.of("JAVA_TOOL_OPTIONS", "-javaagent:evil.jar")), null, null)));
            assertFalse(refused.success());
            assertTrue(refused.error().contains("JAVA_TOOL_OPTIONS is not allowed"), refused.error());
        }
        String hidden = "hidden-" + UUID.randomUUID();
        HubHttp.Reply badName = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "bad", "model_backend",
                "demo", "task", "steps=1", "environment", Map.of("DEMO_X=" + hidden, "1"))));
        assertEquals(400, badName.status(), badName.body());
        assertTrue(badName.json().get("error").asText().contains("name 'DEMO_X…' is not valid"), badName.body());
        HubHttp.Reply nulValue = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "nul", "model_backend",
                "demo", "task", "steps=1", "environment", Map.of("DEMO_EXIT", hidden + "\0tail"))));
        assertEquals(400, nulValue.status(), nulValue.body());
        assertTrue(nulValue.json().get("error").asText().contains("DEMO_EXIT has a NUL"), nulValue.body());
        assertFalse(badName.body().contains(hidden) || nulValue.body().contains(hidden), "a value in an error");
        assertEquals(agents, TestDatabase.queryLong(DB, "SELECT count(*) FROM agents"), "no agent started");
    }

    @Test
    void aSecretWithANulIsRefusedAndAStoredOneNeverShowsInAnError() throws Exception {
        String value = "nul-" + UUID.randomUUID();
        HubHttp.Reply created = http.send("POST", "/api/secrets", HubHttp.json(Map.of("name", "NUL_SECRET",
                "value", value + "\0x")));
        assertEquals(400, created.status(), created.body());
        assertTrue(created.json().get("error").asText().contains("NUL"), created.body());
        assertEquals(201, http.send("POST", "/api/secrets", HubHttp.json(Map.of("name", "NUL_SECRET", "value", "ok")))
                .status());
        HubHttp.Reply rotated = http.send("PUT", "/api/secrets/NUL_SECRET", HubHttp.json(Map.of("value", value + "\0x")));
        assertEquals(400, rotated.status(), rotated.body());

        // one stored before values were checked
        context.getRegistry().lookupByNameAndType("secretVault", SecretVault.class)
                .rotate("NUL_SECRET", value + "\0x", "test");
        HubHttp.Reply overHttp = http.send("POST", "/api/agents", HubHttp.json(Map.of("name", "nul-secret",
                "model_backend", "envdump", "task", "t", "metadata", Map.of("secrets", "NUL_SECRET"))));
        assertEquals(400, overHttp.status(), overHttp.body());
        assertTrue(overHttp.json().get("error").asText().contains("NUL_SECRET has a NUL"), overHttp.body());
        SpawnResponse overZmq;
        try (DescartesPeer peer = new DescartesPeer(TestPorts.tcp("SecretSpawnTest.command"))) {
            overZmq = assertInstanceOf(SpawnResponse.class, peer.call(new SpawnRequest("nul-secret-zmq",
                    config("envdump", Map.of()), null, Map.of("secrets", "NUL_SECRET"))));
        }
        assertFalse(overZmq.success());
        assertTrue(overZmq.error().contains("NUL_SECRET has a NUL"), overZmq.error());
        String recorded = http.send("GET", "/api/events?limit=1000", null).body();
        assertTrue(recorded.contains("nul-secret-zmq"), "the failed spawn is recorded");
        assertFalse(overHttp.body().contains(value), "the value in the HTTP reply");
        assertFalse(overZmq.error().contains(value), "the value in the ZMQ reply");
        assertFalse(recorded.contains(value), "the value in /api/events");
        assertFalse(rawText(DB).contains(value) || rawText(DB + "-wal").contains(value), "the value in the events table");
    }

    private static AgentConfig config(String backend, Map<String, String> environment) {
        return new AgentConfig("z", backend, "steps=1", null, null, environment, null, null, null);
    }

    private static String rawText(String file) throws IOException {
        Path path = Path.of(file);
        return Files.exists(path) ? new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1) : "";
    }
}
