package io.descartes.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.store.EventJournal;
import io.descartes.hub.testing.LoopbackQueues;
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
 * What the sender got in is bounded by the hub's limits plus what the kernel's TCP buffers hold at that moment,
 * read from the kernel: autotuning grows those to megabytes on one machine and not on another.
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
                "hub.zmq.max-in-flight=" + IngestBackpressureTest.MAX_IN_FLIGHT,
                "hub.zmq.receive-high-water-mark=" + IngestBackpressureTest.HIGH_WATER_MARK,
                "hub.zmq.curve.enabled=false",
                "hub.db.sqlite.busy-timeout-ms=20000",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBackpressureTest {

    static final String DB = "target/ingest-backpressure-test.db";
    private static final String RUNNER_LINK = TestPorts.tcp("IngestBackpressureTest.runner");
    static final int MAX_IN_FLIGHT = 50;
    static final int HIGH_WATER_MARK = 100;
    /** JeroMQ's engines read and write TCP in batches of this many bytes (Config.IN/OUT_BATCH_SIZE). */
    private static final int ENGINE_BATCH_BYTES = 8192;
    /** A frame on the wire: the empty delimiter and the log_stream (57 bytes at least), each with a 2-byte header. */
    private static final int WIRE_BYTES_AT_LEAST = 61;
    private static final int OFFERED_AT_MOST = 200_000;

    private final DescartesCodec codec = new DescartesCodec();

    static {
        TestDatabase.reset(DB);
    }

    @BeanInject
    EventJournal journal;

    @Test
    void aStalledDatabasePushesBackOnTheSenderAndNothingIsLost() throws Exception {
        UUID agent = UUID.randomUUID();
        int sent = 0;
        try (ZContext ctx = new ZContext();
             Connection lock = DriverManager.getConnection("jdbc:sqlite:" + DB);
             Statement st = lock.createStatement()) {
            // a high-water mark set after connect would not reach the pipe connect made (JeroMQ's default, 1000)
            ZMQ.Socket dealer = TestSockets.connect(ctx, SocketType.DEALER, RUNNER_LINK, socket -> {
                socket.setSndHWM(HIGH_WATER_MARK);
                socket.setSendTimeOut(0);
                return socket;
            });
            // the link is up before the database stalls: a sender refused while still connecting proves nothing
            Set<String> acked = new HashSet<>();
            assertTrue(offer(dealer, agent, sent++), "the first frame was taken");
            receiveAcks(dealer, acked, 1);

            st.execute("BEGIN IMMEDIATE"); // the journal's writer now waits for the lock
            int maxDepth = 0;
            long refusedSince = -1;
            // offered until refused for a whole second, so a refusal is the hub's limit, not a sender whose I/O
            // thread has not yet drained its pipe; bounded: a hub that buffered everything would take them all
            while (sent < OFFERED_AT_MOST) {
                if (offer(dealer, agent, sent)) {
                    sent++;
                    refusedSince = -1;
                } else if (refusedSince < 0) {
                    refusedSince = System.nanoTime();
                } else if (System.nanoTime() - refusedSince > TimeUnit.SECONDS.toNanos(1)) {
                    break;
                } else {
                    Thread.sleep(5);
                }
                maxDepth = Math.max(maxDepth, journal.queueDepth());
            }
            assertTrue(sent < OFFERED_AT_MOST, "the sender was never pushed back: " + sent + " frames taken");
            // what is held is the in-flight limit, both high-water marks, the two engines' batches and what the
            // kernel's TCP buffers hold, which autotuning sizes differently by machine: read, not assumed
            long inKernel = LoopbackQueues.bytesQueued(TestPorts.port("IngestBackpressureTest.runner"));
            long held = MAX_IN_FLIGHT + 2L * HIGH_WATER_MARK + (inKernel + 2L * ENGINE_BATCH_BYTES) / WIRE_BYTES_AT_LEAST;
            assertTrue(sent <= held, "the hub took in only what its limits allow: " + sent + " sent, "
                    + inKernel + " bytes in the kernel, at most " + held + " frames held");
            assertTrue(maxDepth <= MAX_IN_FLIGHT, "journal queue bounded by the in-flight limit: " + maxDepth);
            st.execute("ROLLBACK"); // the database is back

            receiveAcks(dealer, acked, sent);
        }
        assertEquals(sent, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE agent_id = '" + agent + "'"));
    }

    private boolean offer(ZMQ.Socket dealer, UUID agent, int sequence) {
        byte[] frame = codec.encode(new LogStream(agent, LogStreamType.STDOUT,
                ("chunk " + sequence).getBytes(StandardCharsets.UTF_8), WireTime.now(), sequence));
        assertTrue(frame.length + 4 >= WIRE_BYTES_AT_LEAST);
        return dealer.sendMore(new byte[0]) && dealer.send(frame);
    }

    private void receiveAcks(ZMQ.Socket dealer, Set<String> acked, int until) {
        dealer.setReceiveTimeOut(20_000);
        while (acked.size() < until) {
            byte[] delimiter = dealer.recv();
            if (delimiter == null) {
                throw new AssertionError("acked " + acked.size() + " of " + until);
            }
            acked.add(((EventAck) codec.decode(dealer.recv())).key());
        }
    }
}
