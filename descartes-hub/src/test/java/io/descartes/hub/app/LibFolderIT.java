package io.descartes.hub.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Camel component the jar does not ship, camel-stream (the build copies its jar to target/it-lib), added without a
 * rebuild: bin/descartes-hub with HUB_LIB_DIR holding the jar runs a route that writes with it; without the jar the same
 * start fails naming the scheme.
 */
class LibFolderIT {

    private static final Path OUT = Path.of("target/lib-folder-it/out.txt");
    private static final Path ROUTES = Path.of("target/lib-folder-it/stream.camel.yaml");
    private static final String ROUTE = """
            - route:
                id: lib-folder-stream
                from:
                  uri: timer:lib-folder?period=200
                  steps:
                    - setBody:
                        constant: "written by camel-stream"
                    - to: "stream:file?fileName=%s"
            """.formatted(OUT);

    @Test
    void aComponentInTheLibFolderIsPickedUpAtStart() throws Exception {
        Files.createDirectories(ROUTES.getParent());
        Files.writeString(ROUTES, ROUTE);
        Files.deleteIfExists(OUT);
        Path log = freshLog("lib-folder-it");
        try (HubProcess hub = HubProcess.start(List.of("bin/descartes-hub"),
                environment("descartes-hub/target/it-lib", "ok"), commandAddress("ok"), log)) {
            Waits.await("lines written by the stream: component").until(() -> Files.exists(OUT)
                    && Files.readString(OUT).contains("written by camel-stream\n"));
        }
    }

    @Test
    void withoutTheJarTheStartFailsNamingTheScheme() throws Exception {
        Path empty = Files.createDirectories(Path.of("target/lib-folder-it/empty-lib"));
        Path log = freshLog("lib-folder-it-without");
        try (HubProcess hub = HubProcess.launch(List.of("bin/descartes-hub"),
                environment(empty.toString(), "without"), commandAddress("without"), log)) {
            assertEquals(1, hub.awaitExit(), "exit code of a failed start");
        }
        String text = Files.readString(log);
        assertTrue(text.contains("descartes-hub failed to start: ") && text.contains("stream"), text);
    }

    @Test
    void aLibFolderThatIsNotThereStopsTheStart() throws Exception {
        Path log = freshLog("lib-folder-it-missing");
        try (HubProcess hub = HubProcess.launch(List.of("bin/descartes-hub"),
                environment("target/lib-folder-it/no-such-folder", "missing"), commandAddress("missing"), log)) {
            assertEquals(1, hub.awaitExit());
        }
        assertTrue(Files.readString(log).contains(
                "descartes-hub failed to start: HUB_LIB_DIR=target/lib-folder-it/no-such-folder is not a folder"));
    }

    /** The wrapper's environment: the lib folder, and the hub's settings as JAVA_OPTS, on ports of this case's own. */
    private static Map<String, String> environment(String libDir, String name) {
        String options = String.join(" ", HubProcess.systemProperties(Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("LibFolderIT.http-" + name)),
                "hub.zmq.command.address", commandAddress(name),
                "hub.zmq.pub.address", TestPorts.tcp("LibFolderIT.pub-" + name),
                "hub.zmq.runner.address", TestPorts.tcp("LibFolderIT.runner-" + name),
                "hub.db.url", "jdbc:sqlite:target/lib-folder-it-" + name + ".db",
                "hub.security.token", TestAuth.TOKEN,
                "camel.main.routes-reload-enabled", "false",
                "camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:" + ROUTES)));
        return Map.of("HUB_LIB_DIR", libDir, "JAVA_OPTS", "-Xmx512m " + options,
                "JAVA_HOME", System.getProperty("java.home"));
    }

    private static String commandAddress(String name) {
        return TestPorts.tcp("LibFolderIT.command-" + name);
    }

    private static Path freshLog(String name) throws Exception {
        Path log = HubProcess.logFile(name);
        Files.deleteIfExists(log);
        return log;
    }
}
