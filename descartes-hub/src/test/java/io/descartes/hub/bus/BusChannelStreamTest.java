package io.descartes.hub.bus;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.net.http.WebSocketHandshakeException;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.LibzmqPeer;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.TextStreamClient;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus's WebSocket streams with real clients, a real SQLite file and, for seed 003's flow, two agents that are real
 * OS processes on libzmq: resume without gap or duplicate, sending on the socket, clear errors for bad frames.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:BusChannelStreamTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:BusChannelStreamTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:BusChannelStreamTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:BusChannelStreamTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + BusChannelStreamTest.DB,
                "hub.ws.catch-up-page-size=2",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusChannelStreamTest {

    static final String DB = "target/bus-channel-stream-test.db";
    private static final int PORT = TestPorts.port("BusChannelStreamTest.http");
    private static final String COMMANDS = TestPorts.tcp("BusChannelStreamTest.command");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(PORT);

    /**
     * Seed 003: a person's message on the channel's socket is stored once, reaches a second socket and both agents,
     * and both agents' answers come back through the bus to both sockets.
     */
    @Test
    void aPersonsMessageIsStoredOnceBroadcastAndAnsweredByBothAgents() throws Exception {
        LibzmqPeer.assumeAvailable();
        try (LibzmqPeer.Running planner = agent("planner"); LibzmqPeer.Running coder = agent("coder");
             BusSocket alice = BusSocket.connect(PORT, "/ws/bus/channels/standup?after=0");
             BusSocket bob = BusSocket.connect(PORT, "/ws/bus/channels/standup?after=0")) {
            alice.send("{\"id\":\"hello-1\",\"sender\":\"alice\",\"payload\":{\"text\":\"what are you doing?\"}}");
            JsonNode reply = alice.awaitAnswer("hello-1");
            assertEquals("bus_reply", reply.get("type").asText(), reply.toString());
            assertFalse(reply.get("duplicate").asBoolean());
            long storedId = reply.get("stored_id").asLong();

            for (BusSocket socket : List.of(alice, bob)) {
                JsonNode heard = socket.awaitMessage("hello-1");
                assertEquals(storedId, heard.get("stored_id").asLong());
                assertEquals("alice", heard.get("sender").asText());
                assertEquals("standup", heard.get("channel").asText());
                for (String agent : List.of("planner", "coder")) {
                    JsonNode answer = socket.awaitMessage(agent + "-re-hello-1");
                    assertEquals(agent, answer.get("sender").asText());
                    assertEquals("hello-1", answer.get("payload").get("answer_to").asText());
                }
            }
            planner.awaitSuccess();
            coder.awaitSuccess();
            assertEquals(List.of("hello-1", "planner-re-hello-1", "coder-re-hello-1").stream().sorted().toList(),
                    bob.messageIds().stream().sorted().toList(), "each message once, nothing else");
        }
        for (String id : List.of("hello-1", "planner-re-hello-1", "coder-re-hello-1")) {
            assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'bus_message' "
                    + "AND json_extract(content, '$.id') = '" + id + "'"), id + " is stored once");
        }
        assertEquals("coder=delivered,planner=delivered", TestDatabase.queryString(DB, "SELECT group_concat(d.recipient "
                + "|| '=' || d.state, ',') FROM (SELECT * FROM bus_deliveries ORDER BY recipient) d "
                + "JOIN bus_messages m ON m.event_id = d.event_id WHERE m.id = 'hello-1'"));
    }

    @Test
    void aReconnectingClientResumesFromItsCursorWithoutGapOrDuplicate() throws Exception {
        for (int i = 1; i <= 5; i++) {
            post("resume", "r-" + i);
        }
        long second = storedId("r-2");
        try (BusSocket first = BusSocket.connect(PORT, "/ws/bus/channels/resume?after=" + second)) {
            first.awaitMessage("r-5"); // pages of 2: three catch-up pages, then live
            first.send("{\"id\":\"r-6\",\"sender\":\"carol\",\"payload\":\"live\"}");
            first.awaitMessage("r-6");
            assertEquals(List.of("r-3", "r-4", "r-5", "r-6"), first.messageIds());
        }
        post("resume", "r-7");
        post("elsewhere", "x-1");
        try (BusSocket again = BusSocket.connect(PORT, "/ws/bus/channels/resume?after=" + storedId("r-6"))) {
            again.awaitMessage("r-7");
            post("resume", "r-8");
            again.awaitMessage("r-8");
            assertEquals(List.of("r-7", "r-8"), again.messageIds());
        }
    }

    @Test
    void aTopicHasItsStreamToo() throws Exception {
        try (BusSocket watcher = BusSocket.connect(PORT, "/ws/bus/topics/deploys?after=0")) {
            watcher.send("{\"id\":\"t-ws\",\"sender\":\"ops\",\"payload\":\"v2 is out\"}");
            assertEquals("bus_reply", watcher.awaitAnswer("t-ws").get("type").asText());
            assertEquals("deploys", watcher.awaitMessage("t-ws").get("topic").asText());
        }
    }

    @Test
    void aBadFrameGetsAClearErrorAndTheSocketStaysOpen() throws Exception {
        try (BusSocket socket = BusSocket.connect(PORT, "/ws/bus/channels/errors")) {
            socket.send("not json");
            socket.send("[1, 2]");
            socket.send("{\"id\":\"e-1\",\"sender\":\"dave\",\"recipient\":\"coder\"}");
            socket.send("{\"id\":\"e-2\",\"sender\":\"hub\"}");
            socket.send("{\"id\":\"e-3\",\"sender\":\"no spaces\"}");
            socket.client.sendBinary("{}".getBytes(StandardCharsets.UTF_8));
            socket.send("{\"id\":\"e-4\",\"sender\":\"dave\",\"payload\":1}");
            JsonNode stored = socket.awaitAnswer("e-4");
            assertEquals("bus_reply", stored.get("type").asText(), "the socket still works: " + socket.frames());
            socket.await("six errors", f -> socket.frames().stream().filter(e -> "error".equals(e.path("type").asText()))
                    .count() == 6);
            List<JsonNode> errors = socket.frames().stream().filter(f -> "error".equals(f.path("type").asText())).toList();
            assertEquals(List.of(400, 400, 400, 400, 400, 403),
                    errors.stream().map(e -> e.get("status").asInt()).sorted().toList(), errors.toString());
            assertTrue(errors.stream().anyMatch(e -> e.get("error").asText().contains("unknown field \"recipient\"")),
                    errors.toString());
            assertEquals(403, socket.awaitAnswer("e-2").get("status").asInt(), "the hub's own address");
            assertEquals(400, socket.awaitAnswer("e-3").get("status").asInt(), "a refusal of the bus names the message");
        }
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM bus_messages WHERE id IN ('e-1', 'e-2', 'e-3')"));
    }

    @Test
    void theStreamNeedsTheTokenAndAGoodName() throws Exception {
        assertEquals(401, http.send("GET", "/ws/bus/channels/standup", null, null).status());
        assertEquals(400, http.send("GET", "/ws/bus/channels/standup", null).status(), "not an upgrade");
        ExecutionException badName = assertThrows(ExecutionException.class,
                () -> BusSocket.connect(PORT, "/ws/bus/channels/bad%20name"));
        assertEquals(400, assertInstanceOf(WebSocketHandshakeException.class, badName.getCause()).getResponse().statusCode());
        ExecutionException badCursor = assertThrows(ExecutionException.class,
                () -> BusSocket.connect(PORT, "/ws/bus/channels/standup?after=-1"));
        assertInstanceOf(WebSocketHandshakeException.class, badCursor.getCause());
        try (TextStreamClient browser = TextStreamClient.connect(PORT, false, "/ws/bus/channels/browsers?access_token="
                + TestAuth.TOKEN)) {
            browser.send("{\"id\":\"by-browser\",\"sender\":\"erin\"}");
            browser.awaitMessageContaining("by-browser");
        }
        post("listed", "l-1");
        assertEquals(200, http.send("PUT", "/api/bus/channels/members-only/members/coder", null).status());
        JsonNode channels = http.send("GET", "/api/bus/channels", null).json().get("channels");
        assertTrue(channels.toString().contains("\"listed\",\"members-only\""), channels.toString());
    }

    private static LibzmqPeer.Running agent(String address) throws Exception {
        LibzmqPeer.Running agent = LibzmqPeer.start(List.of(), "/peers/bus_channel_agent.py", COMMANDS, address,
                "standup", "1");
        agent.awaitStep("ready");
        return agent;
    }

    private void post(String channel, String id) throws Exception {
        HubHttp.Reply sent = http.send("POST", "/api/bus/messages", "{\"id\":\"" + id
                + "\",\"kind\":\"publish\",\"sender\":\"ops\",\"channel\":\"" + channel + "\"}");
        assertEquals(201, sent.status(), sent.body());
    }

    private static long storedId(String id) throws java.sql.SQLException {
        return TestDatabase.queryLong(DB, "SELECT event_id FROM bus_messages WHERE id = '" + id + "'");
    }
}
