package io.descartes.hub.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A misconfigured hub refuses to start and says why, and its JVM ends with a non-zero code, instead of running
 * half up with nothing listening (which a supervisor would take for a running hub). Each case starts the jar's
 * main class in a JVM of its own.
 */
class StartupFailureTest {

    @Test
    void aTakenHttpPortEndsTheJvmNamingThePort() throws Exception {
        try (ServerSocket taken = listen(TestPorts.port("StartupFailureTest.http"))) {
            String log = failedStart("taken-http-port", Map.of(), Map.of("hub.http.port",
                    String.valueOf(TestPorts.port("StartupFailureTest.http"))));
            assertTrue(log.contains("descartes-hub failed to start: HTTP port 127.0.0.1:"
                    + TestPorts.port("StartupFailureTest.http") + " is not available"),
                    "the last line names the port: " + tail(log));
        }
    }

    @Test
    void aTakenZmqPortEndsTheJvmNamingTheAddress() throws Exception {
        try (ServerSocket taken = listen(TestPorts.port("StartupFailureTest.runner"))) {
            String log = failedStart("taken-zmq-port", Map.of(), Map.of());
            assertTrue(log.contains("descartes-hub failed to start: ")
                    && log.contains("address already in use: tcp://127.0.0.1:"
                            + TestPorts.port("StartupFailureTest.runner")), "the log names the address: " + tail(log));
        }
    }

    @Test
    void aBadZmqOptionEndsTheJvmNamingTheOption() throws Exception {
        String log = failedStart("bad-zmq-option", Map.of(), Map.of("hub.zmq.receive-high-water-mark", "-5"));
        assertTrue(log.contains("descartes-hub failed to start: ") && log.contains("HighWaterMark"),
                "the log names the option: " + tail(log));
    }

    @Test
    void anUnknownLogFormatStopsTheStartNamingIt() throws Exception {
        String log = failedStart("unknown-log-format", Map.of("DESCARTES_LOG_FORMAT", "yaml"), Map.of());
        assertTrue(log.contains("descartes-hub failed to start: log format \"yaml\" (descartes.log.format or "
                + "DESCARTES_LOG_FORMAT) is not one of"), "the log names the format: " + tail(log));
    }

    @Test
    void anUndeclaredHubKeyGivenAsSystemPropertyStopsTheStartNamingIt() throws Exception {
        String log = failedStart("unknown-key-property", Map.of(), Map.of("hub.agents.stop-grase-ms", "100"));
        assertTrue(log.contains("descartes-hub failed to start: unknown setting hub.agents.stop-grase-ms"),
                "the log names the key: " + tail(log));
    }

    @Test
    void anUndeclaredHubKeyGivenAsEnvironmentVariableStopsTheStartNamingIt() throws Exception {
        String log = failedStart("unknown-key-environment", Map.of("HUB_AGENTS_STOP_GRASE_MS", "100"), Map.of());
        assertTrue(log.contains("descartes-hub failed to start: unknown setting HUB_AGENTS_STOP_GRASE_MS"),
                "the log names the variable: " + tail(log));
    }

    @Test
    void unauthenticatedZmqOnAnAddressOtherMachinesReachEndsTheJvmNamingIt() throws Exception {
        String log = failedStart("curve-off-not-loopback", Map.of(), Map.of("hub.zmq.curve.enabled", "false",
                "hub.zmq.pub.address", "tcp://0.0.0.0:" + TestPorts.port("StartupFailureTest.pub")));
        assertTrue(log.contains("descartes-hub failed to start: hub.zmq.curve.enabled=false (unauthenticated ZeroMQ) is"
                + " allowed only on loopback or ipc:// addresses, but tcp://0.0.0.0:"
                        + TestPorts.port("StartupFailureTest.pub") + " is reachable"), tail(log));
    }

    @Test
    void aPartialServerCertificateEndsTheJvmWithoutQuotingIt() throws Exception {
        Path keys = Path.of("target", "startup-failure-partial-keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("server.key_secret"), "metadata\ncurve\n    public-key = \"0123456789\n");
        Files.setPosixFilePermissions(keys.resolve("server.key_secret"), PosixFilePermissions.fromString("rw-------"));
        String log = failedStart("partial-certificate", Map.of(), Map.of("hub.zmq.curve.key-dir", keys.toString()));
        assertTrue(log.contains("descartes-hub failed to start: ZeroMQ certificate ") && log.contains("server.key_secret is"
                + " corrupt or partial"), tail(log));
        assertFalse(log.contains("0123456789"), "the file's content is not quoted");
    }

    @Test
    void aDatabaseUrlOfAnotherKindEndsTheJvmNamingWhatIsSupported() throws Exception {
        String log = failedStart("other-database", Map.of(), Map.of("hub.db.url", "jdbc:mysql://127.0.0.1/hub"));
        assertTrue(log.contains("descartes-hub failed to start: ") && log.contains("hub.db.url must start with "
                + "jdbc:sqlite: or jdbc:postgresql:, got 'jdbc:mysql://127.0.0.1/hub'"), tail(log));
    }

    @Test
    void anUnreachablePostgresqlServerEndsTheJvmNamingIt() throws Exception {
        // a port nothing listens on: the test ports are free ones
        String url = "jdbc:postgresql://127.0.0.1:" + TestPorts.port("StartupFailureTest.postgresql") + "/hub";
        String log = failedStart("unreachable-postgresql", Map.of(), Map.of("hub.db.url", url + "?password=secret"));
        assertTrue(log.contains("descartes-hub failed to start: cannot open the database at hub.db.url=" + url + ": "),
                tail(log));
        assertFalse(log.contains("secret"), "the URL's parameters are not quoted");
    }

    /** Starts a hub with these settings on top of test ports, expects its JVM to end non-zero, returns its log. */
    private static String failedStart(String name, Map<String, String> environment, Map<String, String> properties)
            throws Exception {
        Path log = HubProcess.logFile("startup-failure-" + name);
        Files.deleteIfExists(log);
        Map<String, String> all = new HashMap<>(Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("StartupFailureTest.http2")),
                "hub.zmq.command.address", TestPorts.tcp("StartupFailureTest.command"),
                "hub.zmq.pub.address", TestPorts.tcp("StartupFailureTest.pub"),
                "hub.zmq.runner.address", TestPorts.tcp("StartupFailureTest.runner"),
                "hub.db.url", "jdbc:sqlite:target/startup-failure-test.db",
                "camel.main.routes-reload-enabled", "false"));
        all.putAll(properties);
        try (HubProcess hub = HubProcess.launch(environment, all, log)) {
            assertNotEquals(0, hub.awaitExit(), "exit code of a failed start");
        }
        return Files.readString(log);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 2000));
    }
}
