package io.descartes.hub.bus;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stdio bridge with real agent processes: an agent whose backend sets {@code bus = jsonl} sends by printing marked
 * JSON lines and receives its deliveries as marked lines on stdin, as its agent id; a bad line is answered on its stdin
 * and dead-lettered while the agent and the bridge go on; and the shipped demo agents coordinate a job over the bus.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:BusStdioTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:BusStdioTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:BusStdioTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:BusStdioTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + BusStdioTest.DB,
                "hub.agents.workspace-root=target/bus-stdio-test-workspaces",
                "hub.agents.backends.relay.argv={java},-Xmx64m,-cp,{classpath},io.descartes.hub.bus.BusRelayAgentMain",
                "hub.agents.backends.relay.bus=jsonl",
                "hub.bus.request-timeout-ms=3000",
                "hub.bus.sweep-ms=50",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusStdioTest {

    static final String DB = "target/bus-stdio-test.db";

    private final HubHttp http = new HubHttp(TestPorts.port("BusStdioTest.http"));
    private final ObjectMapper json = new ObjectMapper();

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void aStdioAgentReceivesOnStdinAndSendsMarkedLinesAsItsAgentId() throws Exception {
        String relay = spawn("relay", "relay", "listen");
        assertEquals(201, http.send("POST", "/api/bus/messages", "{\"id\": \"hello-1\", \"kind\": \"direct\", "
                + "\"sender\": \"ops\", \"recipient\": \"" + relay + "\", \"requires_ack\": true, \"payload\": {\"n\": 1}}").status());
        String got = awaitLine(relay, "got @bus ");
        JsonNode delivered = json.readTree(got.substring("got @bus ".length()));
        assertEquals("bus_message", delivered.get("type").asText());
        assertEquals("hello-1", delivered.get("id").asText());
        assertEquals("ops", delivered.get("sender").asText());
        assertEquals(1, delivered.get("payload").get("n").asInt());
        assertEquals(1, delivered.get("attempts").asInt());

        say(relay, "@bus {\"kind\": \"ack\", \"request_id\": \"hello-1\", \"recipient\": \"ops\"}");
        Waits.await("the ack").until(() -> "acked".equals(TestDatabase.queryString(DB, "SELECT d.state FROM bus_deliveries d "
                + "JOIN bus_messages m ON m.event_id = d.event_id WHERE m.id = 'hello-1' AND d.recipient = '" + relay + "'")));

        say(relay, "@bus {\"id\": \"from-relay\", \"kind\": \"direct\", \"recipient\": \"ops\", \"payload\": \"hi\"}");
        say(relay, "plain output");
        awaitLine(relay, "plain output");
        JsonNode sent = http.send("GET", "/api/bus/messages?sender=" + relay, null).json().get("messages");
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("from-relay", sent.get(0).get("id").asText());
        assertEquals("ops", sent.get(0).get("recipient").asText());
        assertEquals("hi", sent.get(0).get("payload").asText());
        assertFalse(output(relay, "from-relay").iterator().hasNext(), "a bus line is not the agent's output");
    }

    @Test
    void aBadLineIsAnsweredOnStdinAndDeadLetteredAndTheBridgeGoesOn() throws Exception {
        String relay = spawn("relay-bad", "relay", "listen");
        say(relay, "@bus {not json");
        JsonNode refused = json.readTree(awaitLine(relay, "got @bus ").substring("got @bus ".length()));
        assertEquals("bus_reply", refused.get("type").asText());
        assertFalse(refused.get("ok").asBoolean());
        assertEquals("invalid_field", refused.get("code").asText());

        say(relay, "@bus {\"id\": \"spoof\", \"kind\": \"direct\", \"sender\": \"ops\", \"recipient\": \"x\"}");
        Waits.await("the second refusal").until(() -> output(relay, "got @bus ").size() == 2);
        JsonNode forbidden = json.readTree(output(relay, "got @bus ").get(1).substring("got @bus ".length()));
        assertEquals("spoof", forbidden.get("ref").asText());
        assertEquals("forbidden", forbidden.get("code").asText());

        Waits.await("two dead letters").until(() -> TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters "
                + "WHERE endpoint = 'bus-stdio' AND sender = '" + relay + "'") == 2);
        assertEquals("{not json", TestDatabase.queryString(DB, "SELECT CAST(raw AS TEXT) FROM "
                + "dead_letters WHERE endpoint = 'bus-stdio' AND sender = '" + relay + "' ORDER BY id LIMIT 1"));

        say(relay, "@bus {\"kind\": \"subscribe\", \"topic\": \"after-bad\"}");
        Waits.await("the subscription").until(() -> http.send("GET", "/api/bus/topics/after-bad/subscribers", null)
                .json().get("subscribers").toString().contains(relay));
        assertEquals("running", http.send("GET", "/api/agents/" + relay, null).json().get("status").asText());
    }

    @Test
    void theDemoAgentsCoordinateAJobAndTheLeadGetsTheTimeoutOnceTheWorkerIsGone() throws Exception {
        String worker = spawn("worker", "bus-worker", "steps=3 step-ms=100");
        String lead = spawn("lead", "bus-lead", "worker=" + worker + " job=add-tests");
        awaitStatus(lead, "completed");
        assertTrue(output(lead, "task done").contains("lead: task done: done: add-tests"), output(lead, "lead").toString());

        JsonNode conversation = http.send("GET", "/api/bus/messages?correlation_id=job-" + lead, null).json().get("messages");
        List<String> kinds = new ArrayList<>();
        conversation.forEach(m -> kinds.add(m.get("kind").asText()));
        assertEquals(List.of("request", "publish", "publish", "publish", "response"), kinds, conversation.toString());
        assertEquals(lead, conversation.get(0).get("sender").asText());
        assertEquals(worker, conversation.get(0).get("recipient").asText());
        assertEquals(lead, conversation.get(4).get("recipient").asText());
        JsonNode progress = http.send("GET", "/api/bus/messages?topic=" + "demo.progress" + "&sender=" + worker, null)
                .json().get("messages");
        assertEquals(3, progress.size());
        assertEquals(lead, progress.get(0).get("deliveries").get(0).get("recipient").asText());
        assertEquals("delivered", progress.get(0).get("deliveries").get(0).get("state").asText());
        assertEquals(3, output(lead, "lead: progress").size());

        assertEquals(200, http.send("POST", "/api/agents/" + worker + "/control", "{\"command\": \"kill\"}").status());
        awaitStatus(worker, "terminated");
        String abandoned = spawn("lead-2", "bus-lead", "worker=" + worker + " job=more-tests");
        awaitStatus(abandoned, "failed");
        JsonNode answers = http.send("GET", "/api/bus/messages?recipient=" + abandoned, null).json().get("messages");
        assertEquals(1, answers.size(), answers.toString());
        assertEquals("error", answers.get(0).get("kind").asText());
        assertEquals("hub", answers.get(0).get("sender").asText());
        assertEquals("timeout", answers.get(0).get("payload").get("error").asText());
        assertEquals(1, output(abandoned, "lead: request failed: timeout").size());
    }

    private String spawn(String name, String backend, String task) throws Exception {
        HubHttp.Reply reply = http.send("POST", "/api/agents", "{\"name\": \"" + name + "\", \"model_backend\": \""
                + backend + "\", \"task\": \"" + task + "\"}");
        assertEquals(201, reply.status(), reply.body());
        return reply.json().get("agent_info").get("id").asText();
    }

    private void say(String agent, String line) throws Exception {
        HubHttp.Reply reply = http.send("POST", "/api/agents/" + agent + "/control", "{\"command\": \"write_stdin\", "
                + "\"payload\": {\"data\": " + HubHttp.json("say " + line + "\n") + "}}");
        assertEquals(200, reply.status(), reply.body());
    }

    private List<String> output(String agent, String filter) throws Exception {
        JsonNode lines = http.send("GET", "/api/agents/" + agent + "/output?stream=stdout&limit=1000&filter="
                + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8), null).json().get("lines");
        List<String> list = new ArrayList<>();
        lines.forEach(l -> list.add(l.asText()));
        return list;
    }

    private String awaitLine(String agent, String start) throws Exception {
        Waits.await("a line starting '" + start + "'").until(() -> output(agent, start).stream().anyMatch(l -> l.startsWith(start)));
        return output(agent, start).stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
    }

    private void awaitStatus(String agent, String status) {
        Waits.await(agent + " " + status).until(() -> status.equals(
                http.send("GET", "/api/agents/" + agent, null).json().get("status").asText()));
    }
}
