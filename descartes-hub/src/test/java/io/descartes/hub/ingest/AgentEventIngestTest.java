package io.descartes.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.LogTopicFrame;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.PubSubscription;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestStore;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import io.descartes.hub.testing.TestSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agent events on the runner link: every frame one row, acked after commit, re-sends stored once, published in order. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {
                "hub.http.port={{test-port:AgentEventIngestTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:AgentEventIngestTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:AgentEventIngestTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:AgentEventIngestTest.runner}}",
                "hub.db.url={{test-db:" + AgentEventIngestTest.DB + "}}",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentEventIngestTest {

    static final String DB = "target/agent-event-ingest-test.db";
    private static final String RUNNER_LINK = TestPorts.tcp("AgentEventIngestTest.runner");
    private static final String PUB = TestPorts.tcp("AgentEventIngestTest.pub");
    private static final DescartesCodec CODEC = new DescartesCodec();

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void pipelinedEventsAreEachOneRowAckedWithTheirIdAndPublishedInOrder() throws Exception {
        UUID agent = UUID.randomUUID();
        int n = 2_000;
        try (ZContext ctx = new ZContext(); DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            ZMQ.Socket sub = TestSockets.connect(ctx, SocketType.SUB, PUB);
            sub.subscribe(LogTopicFrame.topic(agent));
            PubSubscription.await(runner, sub, agent);

            List<LogStream> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                LogStream chunk = new LogStream(agent, LogStreamType.STDOUT,
                        ("line " + i + "\n").getBytes(StandardCharsets.UTF_8), WireTime.now(), i);
                sent.add(chunk);
                runner.send(chunk); // pipelined: all sent before any ack is read
            }
            Map<String, Long> acked = new HashMap<>();
            for (int i = 0; i < n; i++) {
                EventAck ack = assertInstanceOf(EventAck.class, runner.receive());
                assertFalse(ack.duplicate());
                acked.put(ack.key(), ack.eventId());
            }
            assertEquals(n, acked.size());

            long previousId = 0;
            for (int i = 0; i < n; i++) {
                byte[] upstreamFrame = sub.recv();
                assertNotNull(upstreamFrame, "published event " + i + " missing");
                assertTrue(sub.hasReceiveMore(), "second frame with the event id");
                long eventId = Long.parseLong(sub.recvStr());
                LogStream published = (LogStream) CODEC.decode(LogTopicFrame.decode(upstreamFrame).payload());
                assertEquals(i, published.sequence(), "published in send order");
                assertArrayEquals(sent.get(i).data(), published.data());
                assertEquals(acked.get(sent.get(i).naturalKey()), eventId, "published with its acked id");
                assertTrue(eventId > previousId, "ids increase");
                previousId = eventId;
            }
        }
        assertEquals(n, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE event_type = 'log_stream' AND agent_id = '" + agent + "'"));
    }

    @Test
    void aResentEventIsAckedAgainWithTheFirstIdAndStoredOnce() throws Exception {
        UUID agent = UUID.randomUUID();
        StatusUpdate update = new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, AgentStatus.RUNNING,
                "started", null, WireTime.now());
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            EventAck first = (EventAck) runner.call(update);
            EventAck again = (EventAck) runner.call(update);
            assertFalse(first.duplicate());
            assertTrue(again.duplicate());
            assertEquals(first.eventId(), again.eventId());
            assertEquals(update.naturalKey(), again.key());
        }
        assertEquals(1, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE agent_id = '" + agent + "'"));
    }

    @Test
    void theRegistryFollowsEveryStatusTransition() throws Exception {
        UUID agent = UUID.randomUUID();
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            for (AgentStatus status : List.of(AgentStatus.INITIALIZING, AgentStatus.RUNNING, AgentStatus.PAUSED,
                    AgentStatus.RUNNING, AgentStatus.COMPLETED)) {
                runner.call(new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, status, null, null, WireTime.now()));
                assertEquals(status.wire(), registryStatus(agent));
            }
            // an update without a status (a heartbeat) is recorded but moves nothing
            runner.call(new StatusUpdate(agent, StatusUpdateType.HEARTBEAT, null, null, null, WireTime.now()));
            assertEquals("completed", registryStatus(agent));
        }
    }

    @Test
    void aCommandSentToTheRunnerLinkIsRefusedNotRecorded() throws Exception {
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            CommandResponse error = assertInstanceOf(CommandResponse.class, runner.call(new HealthCheckRequest("wrong-door")));
            assertEquals("unexpected_type", error.data().get("code").asText());
            assertEquals("wrong-door", error.requestId());
        }
        assertEquals(0, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE json_extract(content, '$.request_id') = 'wrong-door'"));
    }

    private static String registryStatus(UUID agent) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(TestStore.url(DB));
             var ps = c.prepareStatement("SELECT status FROM agents WHERE id = ?")) {
            ps.setString(1, agent.toString());
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
