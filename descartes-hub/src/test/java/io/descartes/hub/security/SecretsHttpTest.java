package io.descartes.hub.security;

import static io.descartes.hub.testing.ViewTimes.assertViewTime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.OutputCapture;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TextStreamClient;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /api/secrets over real HTTP: values round-trip and rotate, and appear nowhere else. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:SecretsHttpTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:SecretsHttpTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:SecretsHttpTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:SecretsHttpTest.pub}}",
                "hub.db.url={{test-db:" + SecretsHttpTest.DB + "}}", "camel.main.routes-reload-enabled=false",
                "hub.security.master-key-file=" + SecretsHttpTest.KEY_FILE, "hub.security.allow-reveal=true",
                "hub.security.secret-max-bytes=64", TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsHttpTest {

    static final String DB = "target/secrets-http-test.db";
    static final String KEY_FILE = "target/secrets-http-test-master.key";
    private static final int PORT = TestPorts.port("SecretsHttpTest.http");

    static {
        TestDatabase.reset(DB);
        try {
            Files.deleteIfExists(Path.of(KEY_FILE));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        OutputCapture.start();
    }

    private final HubHttp http = new HubHttp(PORT);

    @BeanInject
    CamelContext context;

    @Test
    void aValueRoundTripsAndRotatesButIsInNoFileLogOrStream() throws Exception {
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        List<String> stream;
        try (TextStreamClient ws = TextStreamClient.connect(PORT)) {
            HubHttp.Reply created = http.send("POST", "/api/secrets", HubHttp.json(Map.of("name", "API_KEY", "value", first)));
            assertEquals(201, created.status(), created.body());
            assertEquals(1, created.json().get("version").asInt());
            assertEquals(200, http.send("PUT", "/api/secrets/API_KEY", HubHttp.json(Map.of("value", second))).status());
            stream = ws.awaitMessageContaining("secret_rotated");
        }
        JsonNode listed = http.send("GET", "/api/secrets", null).json().get("secrets").get(0);
        assertEquals("API_KEY", listed.get("name").asText());
        assertEquals(2, listed.get("version").asInt());
        assertTrue(assertViewTime(listed.get("rotated_at")).isAfter(assertViewTime(listed.get("created_at")).minusMillis(1)));
        assertFalse(listed.has("value"));
        assertEquals(second, http.send("POST", "/api/secrets/API_KEY/reveal", null).json().get("value").asText());
        assertEquals(Map.of("API_KEY", second), context.getRegistry().lookupByNameAndType("secretVault", SecretVault.class)
                .resolve(List.of("API_KEY")));
        assertEquals(2, TestDatabase.queryLong(DB, "SELECT count(*) FROM secret_versions WHERE name = 'API_KEY'"));
        assertEquals(2, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type IN "
                + "('secret_created', 'secret_rotated') AND json_extract(content, '$.name') = 'API_KEY'"));
        assertTrue(TestDatabase.queryLong(DB, "SELECT count(*) FROM secret_access_log WHERE name = 'API_KEY'") >= 4);

        String files = rawText(DB) + rawText(DB + "-wal");
        String log = OutputCapture.text();
        assertTrue(log.contains("secret vault master key"), "the capture does hold the hub's log");
        for (String value : List.of(first, second)) {
            assertFalse(files.contains(value), "plaintext in the SQLite files");
            assertFalse(log.contains(value), "plaintext in the log");
            assertFalse(String.join("\n", stream).contains(value), "plaintext on /ws/events");
        }
        assertTrue(String.join("\n", stream).contains("secret_created"), "the stream did carry the events");
    }

    private static String rawText(String file) throws IOException {
        Path path = Path.of(file);
        return Files.exists(path) ? new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1) : "";
    }

    @Test
    void deleteRemovesEveryVersionAndUnknownNamesAreErrors() throws Exception {
        http.send("POST", "/api/secrets", HubHttp.json(Map.of("name", "TEMP", "value", "v1")));
        http.send("PUT", "/api/secrets/TEMP", HubHttp.json(Map.of("value", "v2")));
        assertEquals(409, http.send("POST", "/api/secrets", HubHttp.json(Map.of("name", "TEMP", "value", "x"))).status());
        assertEquals(200, http.send("DELETE", "/api/secrets/TEMP", null).status());
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM secret_versions WHERE name = 'TEMP'"));
        assertEquals(404, http.send("GET", "/api/secrets/TEMP", null).status());
        assertEquals(404, http.send("POST", "/api/secrets/TEMP/reveal", null).status());
        assertEquals(404, http.send("PUT", "/api/secrets/TEMP", HubHttp.json(Map.of("value", "v3"))).status());
        assertEquals(404, http.send("DELETE", "/api/secrets/TEMP", null).status());
        UnknownSecretException unknown = assertThrows(UnknownSecretException.class, () -> context.getRegistry()
                .lookupByNameAndType("secretVault", SecretVault.class).resolve(List.of("TEMP", "NEVER")));
        assertEquals(List.of("TEMP", "NEVER"), unknown.names());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"../../etc/passwd\",\"value\":\"x\"}",
            "{\"name\":\"a/b\",\"value\":\"x\"}",
            "{\"name\":\"NUL\\u0000\",\"value\":\"x\"}",
            "{\"name\":\"9STARTS_WITH_DIGIT\",\"value\":\"x\"}",
            "{\"name\":\"EMPTY\",\"value\":\"\"}",
            "{\"name\":\"TOO_BIG\",\"value\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
            "{\"name\":\"NO_VALUE\"}",
            "{\"name\":\"NUMBER\",\"value\":5}"})
    void badInputGets400AndChangesNothing(String body) throws Exception {
        long before = TestDatabase.queryLong(DB, "SELECT count(*) FROM secret_versions");
        HubHttp.Reply reply = http.send("POST", "/api/secrets", body);
        assertEquals(400, reply.status(), reply.body());
        assertEquals(before, TestDatabase.queryLong(DB, "SELECT count(*) FROM secret_versions"));
    }

    @Test
    void anUnknownFieldIsNamedInThe400() throws Exception {
        HubHttp.Reply create = http.send("POST", "/api/secrets", "{\"name\":\"NAMED\",\"valeu\":\"x\"}");
        assertEquals(400, create.status(), create.body());
        assertEquals("unknown field \"valeu\" in the body; known: name, value", create.json().get("error").asText());
        HubHttp.Reply rotate = http.send("PUT", "/api/secrets/NAMED", "{\"value\":\"x\",\"name\":\"NAMED\"}");
        assertEquals("unknown field \"name\" in the body; known: value", rotate.json().get("error").asText());
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM secrets WHERE name = 'NAMED'"));
    }

    @Test
    void traversalInThePathGets400() throws Exception {
        for (String path : new String[] {"/api/secrets/..%2F..%2Fetc%2Fpasswd", "/api/secrets/a%00b"}) {
            assertEquals(400, http.send("PUT", path, HubHttp.json(Map.of("value", "x"))).status(), path);
            assertEquals(400, http.send("DELETE", path, null).status(), path);
        }
    }
}
