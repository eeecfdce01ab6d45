package io.descartes.hub.api;

import static io.descartes.hub.testing.ViewTimes.assertViewTime;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:EventsHttpApiTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:EventsHttpApiTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:EventsHttpApiTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:EventsHttpApiTest.pub}}",
                "hub.db.url={{test-db:target/events-http-api-test.db}}", "camel.main.routes-reload-enabled=false",
                TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsHttpApiTest {

    private static final String BASE = "http://127.0.0.1:" + TestPorts.port("EventsHttpApiTest.http");
    private static final Set<String> EVENT_FIELDS =
            Set.of("id", "event_type", "timestamp", "agent_id", "session_id", "content", "metadata", "git_commit");

    private final HttpClient http = HubHttp.client();
    private final ObjectMapper mapper = new ObjectMapper();
    // the database file outlives a run: unique agents keep each run's events apart
    private final String agentA = "agent-a-" + UUID.randomUUID();
    private final String agentB = "agent-b-" + UUID.randomUUID();
    private final List<Long> agentAStarted = new ArrayList<>();
    private final List<Long> agentASession1 = new ArrayList<>();
    private long notJsonId;
    private EventRecorder recorder;

    @BeanInject
    CamelContext context;

    @BeforeEach // the Camel context is not injected yet in @BeforeAll
    void recordEventsOnce() throws Exception {
        if (recorder != null) {
            return;
        }
        recorder = EventRecorder.install(context);
        for (int i = 0; i < 25; i++) {
            String type = i % 2 == 0 ? "started" : "output";
            String session = i % 3 == 0 ? "s1" : "s2";
            long id = recorder.event(agentA, type, session, "{\"i\":" + i + "}");
            recorder.event(agentB, type);
            if (type.equals("started")) {
                agentAStarted.add(id);
            }
            if (session.equals("s1")) {
                agentASession1.add(id);
            }
        }
        notJsonId = recorder.event(agentB, "output", null, "plain text, not JSON {");
    }

    @Test
    void pagesFollowTheCursorWithFilters() throws Exception {
        assertEquals(agentAStarted, collect("agent_id=" + agentA + "&event_type=started", 4));
        assertEquals(agentASession1, collect("agent_id=" + agentA + "&session_id=s1", 3));
    }

    @Test
    void anEventMirrorsItsRowWithEmbeddedJson() throws Exception {
        long id = agentAStarted.get(1);
        JsonNode event = get("/api/events/" + id, 200);
        assertEquals(EVENT_FIELDS, fieldNames(event));
        assertEquals(id, event.get("id").asLong());
        assertEquals(agentA, event.get("agent_id").asText());
        assertEquals("started", event.get("event_type").asText());
        assertEquals(2, event.get("content").get("i").asInt());
        assertEquals("test", event.get("metadata").get("source").asText());
        assertTrue(event.get("git_commit").isNull());

        JsonNode listed = get("/api/events?after=" + (id - 1) + "&limit=1", 200);
        assertEquals(event, listed.get("events").get(0));
        assertEquals(id, listed.get("next_after").asLong());
        assertTrue(listed.get("has_more").asBoolean());
    }

    @Test
    void storedTextThatIsNotJsonIsEmbeddedAsAString() throws Exception {
        JsonNode content = get("/api/events/" + notJsonId, 200).get("content");
        assertTrue(content.isTextual());
        assertEquals("plain text, not JSON {", content.asText());
    }

    @Test
    void newestFirstPagesGoBackwardsFromTheNewestEvent() throws Exception {
        List<Long> newestFirst = new ArrayList<>(agentAStarted);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, collectNewestFirst("agent_id=" + agentA + "&event_type=started", 4));
        JsonNode newest = get("/api/events?order=desc&agent_id=" + agentB + "&limit=1", 200);
        assertEquals(notJsonId, newest.get("events").get(0).get("id").asLong(), "without a cursor: the newest event");
        assertEquals(notJsonId, newest.get("next_before").asLong());
        assertTrue(newest.get("has_more").asBoolean());
        // after= bounds it below: the started events of agent A between its second and its fifth
        JsonNode between = get("/api/events?order=desc&agent_id=" + agentA + "&event_type=started&after="
                + agentAStarted.get(1) + "&before=" + agentAStarted.get(4), 200);
        assertEquals(List.of(agentAStarted.get(3), agentAStarted.get(2)), ids(between));
        assertFalse(between.get("has_more").asBoolean());

        JsonNode none = get("/api/events?order=desc&agent_id=nobody", 200);
        assertEquals(0, none.get("events").size());
        assertTrue(none.get("next_before").isNull(), "no cursor given, none to give");
        assertFalse(none.get("has_more").asBoolean());
        assertEquals(7, get("/api/events?order=desc&agent_id=nobody&before=7", 200).get("next_before").asLong());
        assertEquals(agentAStarted.get(0), ids(get("/api/events?order=asc&agent_id=" + agentA + "&limit=1", 200)).get(0));
    }

    @Test
    void anEmptyPageKeepsTheCursor() throws Exception {
        JsonNode page = get("/api/events?agent_id=nobody&after=12345", 200);
        assertEquals(0, page.get("events").size());
        assertEquals(12345, page.get("next_after").asLong());
        assertFalse(page.get("has_more").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/events?after=abc", "/api/events?after=-1", "/api/events?limit=0",
            "/api/events?limit=1001", "/api/events?limit=ten", "/api/events?agentId=x", "/api/events?after=1&after=2",
            "/api/events?agent_id=", "/api/events/abc", "/api/events/1?verbose=1", "/api/dead-letters?limit=0",
            "/api/dead-letters?agent_id=x", "/ws/events?after=x", "/api/events?order=newest", "/api/events?before=5",
            "/api/events?order=desc&before=-1", "/api/events?order=desc&before=x"})
    void badParametersAre400WithAJsonError(String path) throws Exception {
        JsonNode error = get(path, 400);
        assertEquals(400, error.get("status").asInt());
        assertFalse(error.get("error").asText().isEmpty());
    }

    @Test
    void anUnknownEventIs404WithAJsonError() throws Exception {
        JsonNode error = get("/api/events/999999999", 404);
        assertEquals(404, error.get("status").asInt());
    }

    @Test
    void deadLettersCarryTheirRawBytes() throws Exception {
        byte[] raw = new byte[100];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (0x90 + i);
        }
        long id = recorder.deadLetter(raw);
        JsonNode page = get("/api/dead-letters?after=" + (id - 1) + "&limit=1", 200);
        JsonNode row = page.get("dead_letters").get(0);
        assertEquals(id, row.get("id").asLong());
        assertEquals("MALFORMED", row.get("error_code").asText());
        assertEquals("truncated msgpack", row.get("reason").asText());
        assertEquals(100, row.get("raw_size").asInt());
        assertViewTime(row.get("received_at"));
        assertArrayEquals(raw, Base64.getDecoder().decode(row.get("raw_base64").asText()));
        assertEquals(2 * 64, row.get("raw_hex_preview").asText().length()); // hub.api.dead-letter-preview-bytes
        assertTrue(row.get("raw_hex_preview").asText().startsWith("909192"));
        assertEquals(id, page.get("next_after").asLong());
    }

    /** Follows next_after page by page and returns the ids, checking each page's has_more. */
    private List<Long> collect(String filter, int limit) throws Exception {
        List<Long> ids = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            JsonNode page = get("/api/events?" + filter + "&limit=" + limit + "&after=" + after, 200);
            page.get("events").forEach(e -> ids.add(e.get("id").asLong()));
            assertTrue(page.get("events").size() <= limit);
            after = page.get("next_after").asLong();
            more = page.get("has_more").asBoolean();
        }
        return ids;
    }

    /** Follows next_before page by page (newest first) and returns the ids, checking each page's has_more. */
    private List<Long> collectNewestFirst(String filter, int limit) throws Exception {
        List<Long> ids = new ArrayList<>();
        JsonNode page = get("/api/events?order=desc&" + filter + "&limit=" + limit, 200);
        while (true) {
            assertTrue(page.get("events").size() <= limit);
            ids.addAll(ids(page));
            if (!page.get("has_more").asBoolean()) {
                return ids;
            }
            page = get("/api/events?order=desc&" + filter + "&limit=" + limit + "&before=" + page.get("next_before").asLong(), 200);
        }
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("events").forEach(e -> ids.add(e.get("id").asLong()));
        return ids;
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(BASE + path))
                        .header("Authorization", TestAuth.HEADER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), path + " -> " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
        return mapper.readTree(response.body());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
