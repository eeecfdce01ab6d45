package io.descartes.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestSockets;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database slower than the senders (here: locked by another connection) must not make the hub
 * buffer without bound: the in-flight limit stops the socket reads, ZeroMQ's high-water marks fill
 * and the sender's non-blocking sends are refused. Once the database is back, everything is stored.
 * Without CURVE (on loopback): JeroMQ 0.6.0 delivers the CURVE message that found a full receive pipe still
 * encrypted (zeromq/jeromq#1009), so with CURVE the frame at each full pipe is lost (and dead-lettered as garbage).
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:IngestBackpressureTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:IngestBackpressureTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:IngestBackpressureTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:IngestBackpressureTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + IngestBackpressureTest.DB,
                "hub.zmq.max-in-flight=50",
                "hub.zmq.receive-high-water-mark=100",
                "hub.zmq.curve.enabled=false",
                "hub.db.sqlite.busy-timeout-ms=20000",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBackpressureTest {

    static final String DB = "target/ingest-backpressure-test.db";
    private static final String RUNNER_LINK = TestPorts.tcp("IngestBackpressureTest.runner");

    static {
        TestDatabase.reset(DB);
    }

    @BeanInject
    EventJournal journal;

    @Test
    void aStalledDatabasePushesBackOnTheSenderAndNothingIsLost() throws Exception {
        DescartesCodec codec = new DescartesCodec();
        UUID agent = UUID.randomUUID();
        int sent = 0;
        try (ZContext ctx = new ZContext();
             Connection lock = DriverManager.getConnection("jdbc:sqlite:" + DB);
             Statement st = lock.createStatement()) {
            ZMQ.Socket dealer = TestSockets.connectUnauthenticated(ctx, SocketType.DEALER, RUNNER_LINK);
            dealer.setSendTimeOut(0);
            dealer.setSndHWM(100);
            st.execute("BEGIN IMMEDIATE"); // the journal's writer now waits for the lock
            boolean refused = false;
            int maxDepth = 0;
            // bounded attempts: without backpressure they would all be taken and buffered by the hub
            for (int attempt = 0; attempt < 200_000 && !refused; attempt++) {
                byte[] frame = codec.encode(new LogStream(agent, LogStreamType.STDOUT,
                        ("chunk " + sent).getBytes(StandardCharsets.UTF_8), WireTime.now(), sent));
                if (dealer.sendMore(new byte[0]) && dealer.send(frame)) {
                    sent++;
                } else {
                    refused = true;
                }
                maxDepth = Math.max(maxDepth, journal.queueDepth());
            }
            assertTrue(refused, "the sender was pushed back after " + sent + " frames");
            // what is held is the in-flight limit, both high-water marks and the kernel's TCP buffers
            assertTrue(sent < 20_000, "only a bounded number of frames was taken in: " + sent);
            assertTrue(maxDepth <= 50, "journal queue bounded by the in-flight limit: " + maxDepth);
            st.execute("ROLLBACK"); // the database is back

            Set<String> acked = new HashSet<>();
            dealer.setReceiveTimeOut(20_000);
            while (acked.size() < sent) {
                byte[] delimiter = dealer.recv();
                if (delimiter == null) {
                    throw new AssertionError("acked " + acked.size() + " of " + sent);
                }
                acked.add(((EventAck) codec.decode(dealer.recv())).key());
            }
        }
        assertEquals(sent, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE agent_id = '" + agent + "'"));
    }
}
