package io.descartes.hub.app;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.descartes.hub.testing.HubProcess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A misconfigured hub refuses to start and says why, instead of running half up. */
class StartupFailureTest {

    @Test
    void aTakenHttpPortStopsTheHubWithAClearMessage() throws Exception {
        Path log = HubProcess.logFile("startup-failure-hub");
        Files.deleteIfExists(log);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 18780));
            assertThrows(IllegalStateException.class, () -> HubProcess.start(Map.of(
                    "hub.http.port", "18780",
                    "hub.zmq.command.address", "tcp://127.0.0.1:18755",
                    "hub.zmq.pub.address", "tcp://127.0.0.1:18756",
                    "hub.zmq.runner.address", "tcp://127.0.0.1:18757",
                    "hub.db.url", "jdbc:sqlite:target/startup-failure-test.db"), log));
        }
        assertTrue(Files.readString(log).contains("HTTP port 127.0.0.1:18780 is not available"),
                "the log names the port");
    }

    @Test
    void aBadZmqOptionStopsTheHubWithAClearMessage() throws Exception {
        Path log = HubProcess.logFile("bad-option-hub");
        Files.deleteIfExists(log);
        assertThrows(IllegalStateException.class, () -> HubProcess.start(Map.of(
                "hub.http.port", "18781",
                "hub.zmq.command.address", "tcp://127.0.0.1:18758",
                "hub.zmq.pub.address", "tcp://127.0.0.1:18759",
                "hub.zmq.runner.address", "tcp://127.0.0.1:18760",
                "hub.zmq.receive-high-water-mark", "-5",
                "hub.db.url", "jdbc:sqlite:target/bad-option-test.db"), log));
        String output = Files.readString(log);
        assertTrue(output.contains("HighWaterMark"), "the log names the option: " + tail(output));
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 2000));
    }
}
