package io.descartes.hub.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the hub's settings come from, on a real JVM of the hub's main class: -D beats an environment variable,
 * which beats application.properties; the ready line shows the addresses the hub really bound.
 */
class ConfigurationSourcesTest {

    @Test
    void systemPropertiesBeatTheEnvironmentWhichBeatsTheFileAndTheReadyLineShowsWhatWasBound() throws Exception {
        Path log = freshLog("configuration-sources-hub");
        Map<String, String> environment = Map.of(
                "HUB_HTTP_PORT", String.valueOf(TestPorts.port("ConfigurationSourcesTest.env-http")),
                        // loses to -Dhub.http.port
                "HUB_ZMQ_PUB_ADDRESS", TestPorts.tcp("ConfigurationSourcesTest.env-pub")); // wins over the file's 5556
        try (HubProcess hub = HubProcess.start(environment, Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("ConfigurationSourcesTest.http")),
                "hub.zmq.command.address", TestPorts.tcp("ConfigurationSourcesTest.command"),
                "hub.zmq.runner.address", TestPorts.tcp("ConfigurationSourcesTest.runner"),
                "hub.db.url", "jdbc:sqlite:target/configuration-sources-test.db",
                "hub.security.token", TestAuth.TOKEN,
                "camel.main.routes-reload-enabled", "false"), log)) {
            String ready = readyLine(log);
            assertEquals("descartes-hub ready: http://127.0.0.1:" + TestPorts.port("ConfigurationSourcesTest.http")
                    + " pub tcp://127.0.0.1:" + TestPorts.port("ConfigurationSourcesTest.env-pub")
                    + " zmq-agent-events tcp://127.0.0.1:" + TestPorts.port("ConfigurationSourcesTest.runner")
                            + " zmq-commands tcp://127.0.0.1:" + TestPorts.port("ConfigurationSourcesTest.command"),
                            ready);
            HubHttp http = new HubHttp(TestPorts.port("ConfigurationSourcesTest.http"));
            assertEquals(200, http.send("GET", "/health", null).status(), "HTTP is where the ready line says");
            assertEquals(404, http.send("GET", "/observe/info", null).status(),
                    "/observe/info needs JMX, which is off by default: not served rather than a 500");
        }
    }

    @Test
    void observeInfoAnswersWithDiagnosticsOn() throws Exception {
        try (HubProcess hub = HubProcess.start(Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("ConfigurationSourcesTest.http2")),
                "hub.zmq.command.address", TestPorts.tcp("ConfigurationSourcesTest.command2"),
                "hub.zmq.pub.address", TestPorts.tcp("ConfigurationSourcesTest.pub"),
                "hub.zmq.runner.address", TestPorts.tcp("ConfigurationSourcesTest.runner2"),
                "hub.db.url", "jdbc:sqlite:target/configuration-info-test.db",
                "hub.security.token", TestAuth.TOKEN,
                "hub.diagnostics.enabled", "true",
                "camel.main.routes-reload-enabled", "false"), freshLog("observe-info-hub"))) {
            HubHttp.Reply info = new HubHttp(TestPorts.port("ConfigurationSourcesTest.http2")).send("GET",
                    "/observe/info", null);
            assertEquals(200, info.status(), info.body());
            assertEquals("descartes-hub", info.json().path("camel").path("name").asText(), info.body());
        }
    }

    private static Path freshLog(String name) throws Exception {
        Path log = HubProcess.logFile(name);
        Files.deleteIfExists(log);
        return log;
    }

    /** The ready line is logged once everything has started, which may be just after the command port answers. */
    private static String readyLine(Path log) throws Exception {
        String[] line = {null};
        Waits.await("the ready line in " + log).until(() -> {
            Optional<String> found = Files.readAllLines(log).stream().filter(l -> l.contains(" ready: ")).findFirst();
            found.ifPresent(l -> line[0] = l.substring(l.indexOf("descartes-hub ready: ")));
            return found.isPresent();
        });
        return line[0];
    }
}
