package io.descartes.hub.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hub a test starts that does not come up fails that test with the hub's own reason, not only a timeout. */
class HubProcessTest {

    @Test
    void aFailedStartQuotesTheEndOfTheHubsLog() throws Exception {
        Path log = HubProcess.logFile("hub-process-test");
        Files.deleteIfExists(log);
        Map<String, String> properties = HubProcess.properties("HubProcessTest", "target/hub-process-test.db");
        properties.put("hub.zmq.receive-high-water-mark", "-5");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> HubProcess.start(properties, log).close());
        assertTrue(failure.getMessage().contains("descartes-hub failed to start: ")
                && failure.getMessage().contains("HighWaterMark"), failure.getMessage());
    }
}
