package io.descartes.hub.api;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TestAuth;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.descartes.hub.testing.ViewTimes.assertViewTime;

/** End to end: frames from a ZMQ sender reach WebSocket clients in order, each with the id it was acked with. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:IngestToWebSocketTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:IngestToWebSocketTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:IngestToWebSocketTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:IngestToWebSocketTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + IngestToWebSocketTest.DB, "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestToWebSocketTest {

    static final String DB = "target/ingest-to-websocket-test.db";

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void everyIngestedEventReachesEveryClientInOrderWithItsAckedId() throws Exception {
        UUID agent = UUID.randomUUID();
        HttpClient http = HubHttp.client();
        List<EventStreamClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(EventStreamClient.connect(http, TestPorts.port("IngestToWebSocketTest.http"), "agent_id="
                    + agent, true));
        }
        int n = 1_000;
        List<Long> ackedIds = new ArrayList<>();
        try (DescartesPeer runner = new DescartesPeer(TestPorts.tcp("IngestToWebSocketTest.runner"))) {
            for (int i = 0; i < n; i++) {
                runner.send(new LogStream(agent, LogStreamType.STDERR, ("e" + i).getBytes(StandardCharsets.UTF_8),
                        WireTime.now(), i));
            }
            for (int i = 0; i < n; i++) {
                ackedIds.add(((EventAck) runner.receive()).eventId());
            }
        }
        for (EventStreamClient client : clients) {
            client.awaitCount(n);
            assertEquals(ackedIds.stream().sorted().toList(), client.ids(), "every event, in id order, once");
            List<JsonNode> events = client.events();
            for (int i = 0; i < n; i++) {
                JsonNode content = events.get(i).get("content");
                assertEquals("log_stream", events.get(i).get("event_type").asText());
                assertEquals(i, content.get("sequence").asInt(), "in send order");
                assertEquals(agent.toString(), events.get(i).get("agent_id").asText());
            }
        }
    }

    /** README "JSON views": output as text (base64 with a marker when not UTF-8), times RFC 3339, on both views. */
    @Test
    void outputIsTextAndEveryTimeIsRfc3339OverHttpAndWebSocket() throws Exception {
        UUID agent = UUID.randomUUID();
        EventStreamClient client = EventStreamClient.connect(HubHttp.client(),
                TestPorts.port("IngestToWebSocketTest.http"), "agent_id=" + agent, true);
        WireTime sent = new WireTime(1_796_172_818L, 790_934_727);
        List<Long> ids = new ArrayList<>();
        try (DescartesPeer runner = new DescartesPeer(TestPorts.tcp("IngestToWebSocketTest.runner"))) {
            for (byte[] data : new byte[][] {"héllo ✓\n".getBytes(StandardCharsets.UTF_8), {(byte) 0xff, 0, 'a'}}) {
                runner.send(new LogStream(agent, LogStreamType.STDOUT, data, sent, ids.size()));
                ids.add(((EventAck) runner.receive()).eventId());
            }
        }
        client.awaitCount(2);
        HubHttp http = new HubHttp(TestPorts.port("IngestToWebSocketTest.http"));
        for (int i = 0; i < 2; i++) {
            JsonNode event = http.send("GET", "/api/events/" + ids.get(i), null).json();
            assertEquals(event, client.events().get(i), "one JSON form of an event on both views");
            assertViewTime(event.get("timestamp"));
            assertViewTime(event.get("metadata").get("received_at"));
            assertEquals("2026-12-02T00:53:38.790934727Z", event.get("content").get("timestamp").asText());
        }
        assertEquals("héllo ✓\n", client.events().get(0).get("content").get("data").asText());
        assertEquals("/wBh", client.events().get(1).get("content").get("data").get("base64").asText());
    }
}
