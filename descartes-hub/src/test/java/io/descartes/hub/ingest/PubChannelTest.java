package io.descartes.hub.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.DescartesCodec;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogTopicFrame;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.PubSubscription;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestSockets;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PUB channel carries what PROTOCOL §12.7 promises an upstream subscriber, agent events only: a spawn and a
 * control command about an agent publish none of their requests or responses, which stay on the API.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:PubChannelTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:PubChannelTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:PubChannelTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:PubChannelTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + PubChannelTest.DB,
                "hub.agents.workspace-root=target/pub-channel-test-workspaces",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PubChannelTest {

    static final String DB = "target/pub-channel-test.db";
    private static final DescartesCodec CODEC = new DescartesCodec();

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void spawnAndControlPublishOnlyTheAgentsStatusUpdatesAndLogStreams() throws Exception {
        List<ZmqMessage> published = new ArrayList<>();
        UUID agent;
        try (ZContext ctx = new ZContext();
             DescartesPeer controller = new DescartesPeer(TestPorts.tcp("PubChannelTest.command"));
             DescartesPeer runner = new DescartesPeer(TestPorts.tcp("PubChannelTest.runner"))) {
            ZMQ.Socket sub = TestSockets.connect(ctx, SocketType.SUB, TestPorts.tcp("PubChannelTest.pub"));
            sub.subscribe(new byte[0]); // everything, as a tap would
            PubSubscription.await(runner, sub, UUID.randomUUID());

            SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, controller.call(new SpawnRequest("pub-spawn",
                    AgentConfig.of("echoer", "echo", "hello pub"), null, null)));
            assertTrue(spawned.success(), spawned.error());
            agent = spawned.agentInfo().id();
            UUID spawnedAgent = agent;
            readUntil(sub, agent, published, m -> m instanceof StatusUpdate s && s.agentId().equals(spawnedAgent)
                    && s.status() == AgentStatus.COMPLETED);

            CommandResponse status = assertInstanceOf(CommandResponse.class, controller.call(
                    new ControlCommand("pub-control", agent, ControlCommandType.GET_STATUS, null)));
            assertTrue(status.success(), status.error());
            // PUB is in commit order: once this later event arrives, whatever the control published came before it
            // (about another agent: the runner link takes no events about one the hub runs itself)
            runner.call(new StatusUpdate(UUID.randomUUID(), StatusUpdateType.HEARTBEAT, null, "sentinel", null,
                    WireTime.now()));
            readUntil(sub, agent, published, m -> m instanceof StatusUpdate s && "sentinel".equals(s.message()));
        }
        Set<String> types = new TreeSet<>();
        published.forEach(m -> types.add(m.type()));
        assertEquals(Set.of("log_stream", "status_update"), types, "PUB carries agent events only");

        JsonNode events = new HubHttp(TestPorts.port("PubChannelTest.http")).send("GET", "/api/events?agent_id=" + agent
                + "&limit=100", null).json();
        Set<String> recorded = new TreeSet<>();
        events.get("events").forEach(e -> recorded.add(e.get("event_type").asText()));
        assertTrue(recorded.containsAll(List.of("spawn_response", "control_command", "command_response",
                "status_update", "log_stream")), "the API still has every event about the agent: " + recorded);
    }

    @Test
    void aPausesStatusChangeCommittedWithItsResponseIsPublished() throws Exception {
        List<ZmqMessage> published = new ArrayList<>();
        try (ZContext ctx = new ZContext();
             DescartesPeer controller = new DescartesPeer(TestPorts.tcp("PubChannelTest.command"));
             DescartesPeer runner = new DescartesPeer(TestPorts.tcp("PubChannelTest.runner"))) {
            ZMQ.Socket sub = TestSockets.connect(ctx, SocketType.SUB, TestPorts.tcp("PubChannelTest.pub"));
            sub.subscribe(new byte[0]);
            PubSubscription.await(runner, sub, UUID.randomUUID());
            SpawnResponse spawned = assertInstanceOf(SpawnResponse.class, controller.call(new SpawnRequest("pub-pause-spawn",
                    AgentConfig.of("pausing", "demo", "steps=2000 step-ms=50"), null, null)));
            assertTrue(spawned.success(), spawned.error());
            UUID agent = spawned.agentInfo().id();
            CommandResponse paused = assertInstanceOf(CommandResponse.class, controller.call(
                    new ControlCommand("pub-pause", agent, ControlCommandType.PAUSE, null)));
            assertTrue(paused.success(), paused.error());
            // PUB is in commit order: the status change, committed before the pause was answered, comes before this
            runner.call(new StatusUpdate(UUID.randomUUID(), StatusUpdateType.HEARTBEAT, null, "after the pause", null,
                    WireTime.now()));
            readUntil(sub, agent, published, m -> m instanceof StatusUpdate s && "after the pause".equals(s.message()));
            controller.call(new ControlCommand("pub-pause-kill", agent, ControlCommandType.KILL, null));
        }
        assertTrue(published.stream().anyMatch(m -> m instanceof StatusUpdate s && s.status() == AgentStatus.PAUSED),
                "the pause's status_update is published: " + published.stream().map(ZmqMessage::type).toList());
    }

    @Test
    void anEventReceivedOverZmqIsPublishedInTheBytesItCameIn() throws Exception {
        UUID agent = UUID.randomUUID();
        byte[] canonical = CODEC.encode(new StatusUpdate(agent, StatusUpdateType.HEARTBEAT, null, "as sent", null,
                WireTime.now()));
        // the type tag as bin, not str: serde (and the hub) read it, the hub's encoder never writes it
        String tag = "status_update";
        assertEquals((byte) (0xa0 | tag.length()), canonical[1], "canonical: fixarray, then the tag as fixstr");
        byte[] sent = new byte[canonical.length + 1];
        sent[0] = canonical[0];
        sent[1] = (byte) 0xc4;
        sent[2] = (byte) tag.length();
        System.arraycopy(canonical, 2, sent, 3, canonical.length - 2);
        try (ZContext ctx = new ZContext();
             DescartesPeer runner = new DescartesPeer(TestPorts.tcp("PubChannelTest.runner"))) {
            ZMQ.Socket sub = TestSockets.connect(ctx, SocketType.SUB, TestPorts.tcp("PubChannelTest.pub"));
            sub.subscribe(LogTopicFrame.topic(agent));
            PubSubscription.await(runner, sub, agent);

            runner.sendRaw(sent);
            assertInstanceOf(EventAck.class, runner.receive());
            assertArrayEquals(LogTopicFrame.encode(agent, sent), sub.recv());
        }
    }

    /** Reads PUB frames, keeping those about {@code agent}, until one (about any agent) matches {@code last}. */
    private static void readUntil(ZMQ.Socket sub, UUID agent, List<ZmqMessage> kept,
                                  java.util.function.Predicate<ZmqMessage> last) {
        while (true) {
            byte[] frame = sub.recv();
            assertNotNull(frame, "PUB frame missing");
            while (sub.hasReceiveMore()) {
                sub.recv(); // the event id
            }
            LogTopicFrame topic = LogTopicFrame.decode(frame);
            ZmqMessage message = CODEC.decode(topic.payload());
            if (topic.agentId().equals(agent)) {
                kept.add(message);
            }
            if (last.test(message)) {
                return;
            }
        }
    }
}
