package io.descartes.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestSockets;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM mid-stream: the hub stops reading, commits what it took in, acknowledges it, and only then
 * closes its sockets, so every stored event was acknowledged to its sender.
 */
class GracefulShutdownTest {

    private static final String DB = "target/graceful-shutdown-test.db";
    private static final String RUNNER_LINK = TestPorts.tcp("GracefulShutdownTest.runner");
    private static final int EVENTS = 20_000;

    @Test
    void everyEventStoredBeforeTheStopIsAcknowledged() throws Exception {
        TestDatabase.reset(DB);
        DescartesCodec codec = new DescartesCodec();
        UUID agent = UUID.randomUUID();
        Set<String> acked = new HashSet<>();
        try (HubProcess hub = HubProcess.start(Map.of(
                "hub.http.port", String.valueOf(TestPorts.port("GracefulShutdownTest.http")),
                "hub.zmq.command.address", TestPorts.tcp("GracefulShutdownTest.command"),
                "hub.zmq.pub.address", TestPorts.tcp("GracefulShutdownTest.pub"),
                "hub.zmq.runner.address", RUNNER_LINK,
                "hub.db.url", "jdbc:sqlite:" + DB,
                "camel.main.routes-reload-enabled", "false"), HubProcess.logFile("graceful-shutdown-hub"));
             ZContext ctx = new ZContext()) {
            ZMQ.Socket dealer = TestSockets.connect(ctx, SocketType.DEALER, RUNNER_LINK);
            int sent = 0;
            for (; sent < EVENTS; sent++) {
                LogStream chunk = new LogStream(agent, LogStreamType.STDOUT,
                        ("chunk " + sent).getBytes(StandardCharsets.UTF_8), WireTime.now(), sent);
                dealer.sendMore(new byte[0]);
                dealer.send(codec.encode(chunk));
            }
            dealer.setReceiveTimeOut(10_000);
            while (acked.size() < 500) {
                acked.add(receiveAck(dealer, codec));
            }
            hub.terminate(); // mid-stream: thousands of frames still queued or in flight
            dealer.setReceiveTimeOut(3_000);
            for (String key = receiveAckOrNull(dealer, codec); key != null; key = receiveAckOrNull(dealer, codec)) {
                acked.add(key);
            }
            assertTrue(acked.size() < sent, "the stop must land mid-stream: acked " + acked.size() + " of " + sent);
        }
        assertEquals(acked.size(), TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE event_type = 'log_stream'"), "every stored event was acknowledged");
    }

    private static String receiveAck(ZMQ.Socket dealer, DescartesCodec codec) {
        String key = receiveAckOrNull(dealer, codec);
        if (key == null) {
            throw new AssertionError("no ack within the timeout");
        }
        return key;
    }

    private static String receiveAckOrNull(ZMQ.Socket dealer, DescartesCodec codec) {
        byte[] delimiter = dealer.recv();
        if (delimiter == null) {
            return null;
        }
        return ((EventAck) codec.decode(dealer.recv())).key();
    }
}
