package io.descartes.hub.bus;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.MetricsScrape;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.descartes.hub.bus.BusPeer.direct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ZeroMQ peer that closes its socket without detaching lets go of its address: a message sent to it meanwhile (one
 * that needs no ack, so nothing would ever send it again) waits, pending, and is delivered when the address attaches
 * again, instead of being marked delivered to a connection nobody reads.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:BusGonePeerTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:BusGonePeerTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:BusGonePeerTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:BusGonePeerTest.runner}}",
                "hub.db.url={{test-db:" + BusGonePeerTest.DB + "}}",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusGonePeerTest {

    static final String DB = "target/bus-gone-peer-test.db";
    private static final String COMMANDS = TestPorts.tcp("BusGonePeerTest.command");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("BusGonePeerTest.http"));

    @Test
    void aPeerGoneWithoutDetachingGetsWhatWasSentMeanwhileWhenItAttachesAgain() throws Exception {
        try (BusPeer sender = BusPeer.attach(COMMANDS, "sender")) {
            BusPeer flaky = BusPeer.attach(COMMANDS, "flaky");
            assertEquals(2, attached());
            flaky.close(); // its socket closes; no detach is ever sent
            Waits.await("the hub letting go of the closed connection's address").until(() -> attached() == 1);

            BusReply stored = sender.call(direct("while-away", "sender", "flaky"));
            assertTrue(stored.ok(), stored.toString());
            try (BusPeer back = BusPeer.attach(COMMANDS, "flaky")) {
                BusMessage delivered = back.delivery();
                assertEquals("while-away", delivered.id());
                assertEquals(1, delivered.attempts(), "its first delivery: none went to the closed connection");
            }
        }
    }

    private double attached() throws Exception {
        return MetricsScrape.of(http).sum("descartes_bus_attached_addresses");
    }
}
