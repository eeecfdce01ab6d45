package io.descartes.hub.bus;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.BusKind;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.BusMembershipAction;
import io.descartes.hub.protocol.BusMessage;
import io.descartes.hub.protocol.BusReply;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.MetricsScrape;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.descartes.hub.bus.BusPeer.direct;
import static io.descartes.hub.bus.BusPeer.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus over real ZeroMQ connections and real HTTP, on a real SQLite file: direct messages, duplicates, topic and
 * channel fan-out, request/response and its timeout, priority, TTL, acks with redelivery and dead letters, the
 * sender rule, and the meters.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:BusZmqTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:BusZmqTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:BusZmqTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:BusZmqTest.runner}}",
                "hub.db.url={{test-db:" + BusZmqTest.DB + "}}",
                "hub.bus.request-timeout-ms=400",
                "hub.bus.ack-timeout-ms=300",
                "hub.bus.max-attempts=3",
                "hub.bus.sweep-ms=50",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusZmqTest {

    static final String DB = "target/bus-zmq-test.db";
    private static final String COMMANDS = TestPorts.tcp("BusZmqTest.command");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("BusZmqTest.http"));

    @Test
    void aDirectMessageIsStoredOnceAndDeliveredToItsRecipientOnly() throws Exception {
        try (BusPeer planner = BusPeer.attach(COMMANDS, "planner"); BusPeer coder = BusPeer.attach(COMMANDS, "coder")) {
            BusReply stored = planner.call(direct("d-1", "planner", "coder"));
            assertTrue(stored.ok(), stored.toString());
            assertFalse(stored.duplicate());

            BusMessage delivered = coder.delivery();
            assertEquals("d-1", delivered.id());
            assertEquals("planner", delivered.sender());
            assertEquals(BusPeer.payload("d-1"), delivered.payload());
            assertEquals(1, delivered.attempts());

            BusReply again = planner.call(direct("d-1", "planner", "coder"));
            assertTrue(again.duplicate(), again.toString());
            assertEquals(stored.storedId(), again.storedId());
            BusReply next = planner.call(direct("d-2", "planner", "coder"));
            assertEquals("d-2", coder.delivery().id(), "the re-send is not delivered again: the next message is d-2");
            assertTrue(next.storedId() > stored.storedId());
        }
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'bus_message' "
                + "AND json_extract(content, '$.id') = 'd-1'"));
        assertEquals("delivered", TestDatabase.queryString(DB, "SELECT d.state FROM bus_deliveries d "
                + "JOIN bus_messages m ON m.event_id = d.event_id WHERE m.id = 'd-1' AND d.recipient = 'coder'"));
    }

    @Test
    void aTopicReachesItsSubscribersAndAChannelItsMembersButNeverTheSender() throws Exception {
        try (BusPeer a = BusPeer.attach(COMMANDS, "fan-a"); BusPeer b = BusPeer.attach(COMMANDS, "fan-b");
             BusPeer c = BusPeer.attach(COMMANDS, "fan-c")) {
            for (BusPeer p : List.of(a, b, c)) {
                assertTrue(p.subscribe(BusMembershipAction.SUBSCRIBE, "builds").ok());
            }
            assertTrue(c.subscribe(BusMembershipAction.UNSUBSCRIBE, "builds").ok());
            assertEquals(200, http.send("PUT", "/api/bus/channels/room-1/members/fan-c", null).status());
            assertEquals(200, http.send("PUT", "/api/bus/channels/room-1/members/fan-a", null).status());

            a.call(message("t-1", BusKind.PUBLISH, "fan-a", null, "builds", null, null, 50, false, null, WireTime.now()));
            assertEquals("t-1", b.delivery().id());
            a.call(message("c-1", BusKind.PUBLISH, "fan-a", null, null, "room-1", null, 50, false, null, WireTime.now()));
            assertEquals("c-1", c.delivery().id(), "c left the topic, so the channel message is the first it gets");
            b.call(direct("t-2", "fan-b", "fan-a"));
            assertEquals("t-2", a.delivery().id(), "the sender of t-1 and c-1 got neither");
        }
        JsonNode subscribers = http.send("GET", "/api/bus/topics/builds/subscribers", null).json();
        assertEquals(List.of("fan-a", "fan-b"), toList(subscribers.get("subscribers")));
        assertEquals(List.of("fan-a", "fan-c"),
                toList(http.send("GET", "/api/bus/channels/room-1/members", null).json().get("members")));
        assertEquals(400, http.send("PUT", "/api/bus/channels/room%201/members/fan-a", null).status());
    }

    @Test
    void aResponseGoesBackToTheRequesterAndAnUnansweredRequestGetsTheHubsError() throws Exception {
        try (BusPeer client = BusPeer.attach(COMMANDS, "rr-client"); BusPeer service = BusPeer.attach(COMMANDS, "rr-service")) {
            client.call(message("q-1", BusKind.REQUEST, "rr-client", "rr-service", null, null, null, 50, false, null,
                    WireTime.now()));
            BusMessage request = service.delivery();
            assertEquals(BusKind.REQUEST, request.kind());
            BusReply answered = service.call(message("a-1", BusKind.RESPONSE, "rr-service", null, null, null, "q-1", 50,
                    false, null, WireTime.now()));
            assertTrue(answered.ok(), answered.toString());
            BusMessage response = client.delivery();
            assertEquals(BusKind.RESPONSE, response.kind());
            assertEquals("q-1", response.replyTo());
            assertEquals("rr-client", response.recipient(), "the hub addressed it to the requester");

            BusReply twice = service.call(message("a-2", BusKind.RESPONSE, "rr-service", null, null, null, "q-1", 50,
                    false, null, WireTime.now()));
            assertEquals("unknown_request", twice.code(), "a request is answered once");

            client.call(message("q-2", BusKind.REQUEST, "rr-client", "rr-service", null, null, null, 50, false, null,
                    WireTime.now()));
            assertEquals("q-2", service.delivery().id());
            BusMessage error = client.delivery(); // nobody answers: after hub.bus.request-timeout-ms the hub does
            assertEquals(BusKind.ERROR, error.kind());
            assertEquals("hub", error.sender());
            assertEquals("q-2", error.replyTo());
            assertEquals("timeout", error.payload().get("error").asText());
            BusReply late = service.call(message("a-3", BusKind.RESPONSE, "rr-service", null, null, null, "q-2", 50,
                    false, null, WireTime.now()));
            assertEquals("unknown_request", late.code(), "a timed-out request takes no answer");
        }
    }

    @Test
    void aHighPriorityMessageOvertakesTheBacklogAndAnExpiredOneIsNeverDelivered() throws Exception {
        try (BusPeer sender = BusPeer.attach(COMMANDS, "prio-sender")) {
            for (int i = 1; i <= 3; i++) {
                sender.call(message("low-" + i, BusKind.DIRECT, "prio-sender", "prio-away", null, null, null, 10, false,
                        null, WireTime.now()));
            }
            sender.call(message("stale", BusKind.DIRECT, "prio-sender", "prio-away", null, null, null, 100, false, 5L,
                    WireTime.of(Instant.now().minusSeconds(60))));
            sender.call(message("urgent", BusKind.DIRECT, "prio-sender", "prio-away", null, null, null, 90, false, null,
                    WireTime.now()));
            Waits.await("the stale message is dead-lettered").until(() -> "expired".equals(TestDatabase.queryString(DB,
                    "SELECT d.state FROM bus_deliveries d JOIN bus_messages m ON m.event_id = d.event_id WHERE m.id = 'stale'")));
            try (BusPeer away = BusPeer.attach(COMMANDS, "prio-away")) {
                assertEquals(List.of("urgent", "low-1", "low-2", "low-3"),
                        List.of(away.delivery().id(), away.delivery().id(), away.delivery().id(), away.delivery().id()));
            }
        }
        assertTrue(TestDatabase.queryString(DB, "SELECT reason FROM dead_letters WHERE endpoint = 'bus' "
                + "AND error_code = 'expired'").contains("ttl expired"));
    }

    @Test
    void anUnackedMessageIsDeliveredAgainThenDeadLetteredAndAnAckedOneIsNot() throws Exception {
        try (BusPeer sender = BusPeer.attach(COMMANDS, "ack-sender"); BusPeer worker = BusPeer.attach(COMMANDS, "ack-worker")) {
            sender.call(message("careful", BusKind.DIRECT, "ack-sender", "ack-worker", null, null, null, 50, true, null,
                    WireTime.now()));
            assertEquals(List.of(1L, 2L, 3L), List.of(worker.delivery().attempts(), worker.delivery().attempts(),
                    worker.delivery().attempts()));
            Waits.await("out of attempts, it is dead").until(() -> "dead".equals(TestDatabase.queryString(DB,
                    "SELECT d.state FROM bus_deliveries d JOIN bus_messages m ON m.event_id = d.event_id WHERE m.id = 'careful'")));

            sender.call(message("acked", BusKind.DIRECT, "ack-sender", "ack-worker", null, null, null, 50, true, null,
                    WireTime.now()));
            assertEquals("acked", worker.delivery().id());
            BusReply ack = worker.call(message("ack-1", BusKind.ACK, "ack-worker", "ack-sender", null, null, "acked", 50,
                    false, null, WireTime.now()));
            assertTrue(ack.ok(), ack.toString());
            sender.call(direct("after-ack", "ack-sender", "ack-worker"));
            BusMessage next = worker.delivery();
            assertEquals("after-ack", next.id(), "the acked message was not delivered again");
        }
        assertEquals("acked", TestDatabase.queryString(DB, "SELECT d.state FROM bus_deliveries d "
                + "JOIN bus_messages m ON m.event_id = d.event_id WHERE m.id = 'acked'"));
        assertTrue(TestDatabase.queryString(DB, "SELECT reason FROM dead_letters WHERE endpoint = 'bus' "
                + "AND error_code = 'dead'").contains("after 3 attempts"));
    }

    @Test
    void aPeerSendsOnlyAsAnAddressItsKeyAttached() throws Exception {
        JsonNode issued = http.send("POST", "/api/zmq/clients", "{\"name\":\"bus-intruder\"}").json();
        try (BusPeer owner = BusPeer.attach(COMMANDS, "owned");
             DescartesPeer intruder = new DescartesPeer(COMMANDS, issued.get("server_public_key").asText(),
                     issued.get("public_key").asText(), issued.get("secret_key").asText())) {
            BusReply asOwner = (BusReply) intruder.call(direct("forged", "owned", "owned"));
            assertEquals("forbidden", asOwner.code(), asOwner.toString());
            BusReply takeOver = (BusReply) intruder.call(new io.descartes.hub.protocol.BusAttach("owned"));
            assertEquals("forbidden", takeOver.code(), takeOver.toString());
            // to an address nobody attached: a delivery to the owner itself could overtake the reply
            assertTrue(owner.call(direct("own", "owned", "unattached")).ok(), "the owner still sends");
        }
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM bus_messages WHERE id = 'forged'"));
        try (DescartesPeer peer = new DescartesPeer(COMMANDS)) {
            CommandResponse refused = (CommandResponse) peer.call(BusReply.done("not-yours-to-send"));
            assertEquals("unexpected_type", refused.data().get("code").asText(), "bus_reply is the hub's to send");
        }
    }

    @Test
    void httpSendsAndReadsTheHistoryAndTheMetersCountPerTopicAndSender() throws Exception {
        try (BusPeer reader = BusPeer.attach(COMMANDS, "http-reader")) {
            HubHttp.Reply sent = http.send("POST", "/api/bus/messages", "{\"id\":\"h-1\",\"kind\":\"direct\","
                    + "\"sender\":\"ops\",\"recipient\":\"http-reader\",\"correlation_id\":\"conv-h\",\"payload\":{\"n\":1}}");
            assertEquals(201, sent.status(), sent.body());
            assertEquals("h-1", reader.delivery().id());
            HubHttp.Reply again = http.send("POST", "/api/bus/messages", "{\"id\":\"h-1\",\"kind\":\"direct\","
                    + "\"sender\":\"ops\",\"recipient\":\"http-reader\",\"payload\":{\"n\":1}}");
            assertEquals(200, again.status(), again.body());
            assertEquals(sent.json().get("stored_id"), again.json().get("stored_id"));
        }
        assertEquals(400, http.send("POST", "/api/bus/messages", "{\"kind\":\"direct\",\"sender\":\"ops\"}").status());
        assertEquals(400, http.send("POST", "/api/bus/messages",
                "{\"kind\":\"direct\",\"sender\":\"ops\",\"recipient\":\"x\",\"priority\":101}").status());
        assertEquals(403, http.send("POST", "/api/bus/messages",
                "{\"kind\":\"direct\",\"sender\":\"hub\",\"recipient\":\"x\"}").status());

        JsonNode page = http.send("GET", "/api/bus/messages?correlation_id=conv-h", null).json();
        assertEquals(1, page.get("messages").size(), page.toString());
        JsonNode h1 = page.get("messages").get(0);
        assertEquals("ops", h1.get("sender").asText());
        assertEquals("delivered", h1.get("deliveries").get(0).get("state").asText(), h1.toString());
        assertEquals(400, http.send("GET", "/api/bus/messages?recipent=x", null).status());

        MetricsScrape metrics = MetricsScrape.of(http);
        assertTrue(metrics.sum("descartes_bus_sender_messages_total", "sender=\"ops\"", "outcome=\"sent\"") >= 1);
        assertTrue(metrics.sum("descartes_bus_sender_messages_total", "sender=\"ops\"", "outcome=\"delivered\"") >= 1);
        assertTrue(metrics.has("descartes_bus_topic_messages_total"));
    }

    private static List<String> toList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
