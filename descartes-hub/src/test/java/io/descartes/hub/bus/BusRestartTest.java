package io.descartes.hub.bus;

import java.util.Map;
import java.util.Set;

import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.junit.jupiter.api.Test;

import static io.descartes.hub.bus.BusPeer.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery state is in the store: a hub killed with SIGKILL, then started again, delivers what it had not delivered
 * and delivers again what was not acknowledged (as soon as its recipient attaches again, not after the ack timeout),
 * and still knows every stored message (a re-send is a duplicate).
 */
class BusRestartTest {

    private static final String DB = "target/bus-restart-test.db";
    private static final String COMMANDS = TestPorts.tcp("BusRestartTest.command");
    private static final Map<String, String> HUB = Map.of(
            "hub.security.token", TestAuth.TOKEN,
            "hub.http.port", String.valueOf(TestPorts.port("BusRestartTest.http")),
            "hub.zmq.command.address", COMMANDS,
            "hub.zmq.pub.address", TestPorts.tcp("BusRestartTest.pub"),
            "hub.zmq.runner.address", TestPorts.tcp("BusRestartTest.runner"),
            "hub.db.url", "jdbc:sqlite:" + DB,
            "hub.bus.ack-timeout-ms", "600000",
            "camel.main.routes-reload-enabled", "false");

    @Test
    void undeliveredAndUnackedMessagesAreDeliveredAfterAHubRestart() throws Exception {
        TestDatabase.reset(DB);
        BusReply first;
        try (HubProcess hub = HubProcess.start(HUB, HubProcess.logFile("bus-restart-hub"))) {
            try (BusPeer sender = BusPeer.attach(COMMANDS, "sender"); BusPeer flaky = BusPeer.attach(COMMANDS, "flaky")) {
                first = sender.call(send("for-offline", "offline", false));
                sender.call(send("for-offline-acked", "offline", true));
                sender.call(send("for-flaky", "flaky", true));
                assertEquals(1, flaky.delivery().attempts(), "delivered once, never acked");
            }
            hub.kill();
        }
        try (HubProcess hub = HubProcess.start(HUB, HubProcess.logFile("bus-restart-hub"))) {
            try (BusPeer offline = BusPeer.attach(COMMANDS, "offline"); BusPeer flaky = BusPeer.attach(COMMANDS, "flaky")) {
                assertEquals(Set.of("for-offline", "for-offline-acked"), Set.of(offline.delivery().id(), offline.delivery().id()));
                BusMessage again = flaky.delivery();
                assertEquals("for-flaky", again.id());
                assertEquals(2, again.attempts());
            }
            try (BusPeer sender = BusPeer.attach(COMMANDS, "sender")) {
                BusReply resent = sender.call(send("for-offline", "offline", false));
                assertTrue(resent.duplicate(), resent.toString());
                assertEquals(first.storedId(), resent.storedId());
            }
        }
        assertEquals(1, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM bus_messages WHERE sender = 'sender' AND id = 'for-offline'"));
    }

    private static BusMessage send(String id, String recipient, boolean requiresAck) {
        return message(id, BusKind.DIRECT, "sender", recipient, null, null, null, 50, requiresAck, null, WireTime.now());
    }
}
