package io.descartes.hub.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The data folder and everything the hub creates in it belong to the hub's user: another local user
 * ({@code nobody}, through setpriv) can read neither the database nor the workspaces, records or credentials.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:PrivateDataTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:PrivateDataTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:PrivateDataTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:PrivateDataTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + PrivateDataTest.DATA + "/descartes.db",
                "hub.security.token-file=" + PrivateDataTest.DATA + "/hub-token",
                "hub.security.master-key-file=" + PrivateDataTest.DATA + "/master.key",
                "hub.agents.workspace-root=" + PrivateDataTest.DATA + "/workspaces",
                "hub.agents.process-records=" + PrivateDataTest.DATA + "/agent-processes",
                "hub.agents.shutdown-policy=kill", "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateDataTest {

    static final String HOME = "target/private-data-test";
    static final String DATA = HOME + "/data";

    static {
        try {
            Path home = Path.of(HOME);
            if (Files.exists(home)) {
                try (Stream<Path> old = Files.walk(home)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            // the folder above the data folder is open, like a home folder: only the hub's own modes protect
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anotherLocalUserReadsNothingTheHubKeeps() throws Exception {
        Path data = Path.of(DATA);
        String token = Files.readString(data.resolve("hub-token")).trim();
        HttpResponse<String> spawned = HubHttp.client().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + TestPorts.port("PrivateDataTest.http") + "/api/agents"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"private\", \"model_backend\": \"demo\", \"task\": \"steps=2000 step-ms=50\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, spawned.statusCode(), spawned.body());
        String id = new ObjectMapper().readTree(spawned.body()).get("agent_info").get("id").asText();
        Path workspace = data.resolve("workspaces").resolve(id);
        Path record = data.resolve("agent-processes").resolve(id);
        Waits.await("workspace repository, process record and WAL").until(
                () -> Files.exists(workspace.resolve(".git/HEAD")) && Files.exists(record)
                        && Files.exists(data.resolve("descartes.db-wal")));

        for (Path folder : new Path[] {data, data.resolve("workspaces"), workspace, data.resolve("agent-processes")}) {
            assertEquals("rwx------", mode(folder), folder.toString());
        }
        for (String file : new String[] {"descartes.db", "descartes.db-wal", "descartes.db-shm", "hub-token", "master.key"}) {
            assertEquals("rw-------", mode(data.resolve(file)), file);
        }
        for (Path secret : new Path[] {data.resolve("descartes.db"), data.resolve("descartes.db-wal"),
                workspace.resolve(".git/HEAD"), record, data.resolve("hub-token")}) {
            assertReadRefused(secret);
        }
        assertReadRefused(data.resolve("workspaces"));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** {@code nobody} tries to read it (a folder: list it) and is refused by the permissions. */
    private static void assertReadRefused(Path path) throws Exception {
        Process read = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Files.isDirectory(path) ? "ls" : "cat", path.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String output = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = read.waitFor();
        assertNotEquals(0, exit, path + " was readable by nobody: " + output);
        assertTrue(output.contains("Permission denied"), path + ": " + output);
    }
}
