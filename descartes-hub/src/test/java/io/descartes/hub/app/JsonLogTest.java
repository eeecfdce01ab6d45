package io.descartes.hub.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DESCARTES_LOG_FORMAT=json: a hub JVM writes every log line as one JSON object, the ready line among them. */
class JsonLogTest {

    @Test
    void everyLineIsAJsonObjectForLogShippers() throws Exception {
        Path log = HubProcess.logFile("json-log-hub");
        Files.deleteIfExists(log);
        try (HubProcess hub = HubProcess.start(Map.of("DESCARTES_LOG_FORMAT", "json"), Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("JsonLogTest.http")),
                "hub.zmq.command.address", TestPorts.tcp("JsonLogTest.command"),
                "hub.zmq.pub.address", TestPorts.tcp("JsonLogTest.pub"),
                "hub.zmq.runner.address", TestPorts.tcp("JsonLogTest.runner"),
                "hub.db.url", "jdbc:sqlite:target/json-log-test.db",
                "hub.security.token", TestAuth.TOKEN,
                "camel.main.routes-reload-enabled", "false"), log)) {
            Waits.await("the ready line in " + log).until(() -> Files.readString(log).contains("descartes-hub ready: "));
            int ready = 0;
            for (String line : Files.readAllLines(log)) {
                JsonNode entry = ProtocolJson.MAPPER.readTree(line);
                assertTrue(entry.isObject() && entry.path("level").isTextual() && entry.path("loggerName").isTextual()
                        && entry.path("timestamp").isNumber(), "a JSON log entry: " + line);
                if (entry.path("formattedMessage").asText().startsWith("descartes-hub ready: http://127.0.0.1:")) {
                    ready++;
                }
            }
            assertEquals(1, ready, "the ready line, with its arguments filled in");
        }
    }
}
