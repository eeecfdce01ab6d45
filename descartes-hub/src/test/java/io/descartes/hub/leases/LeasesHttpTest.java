package io.descartes.hub.leases;

import static io.descartes.hub.testing.ViewTimes.assertViewTime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /api/leases over real HTTP: mutual exclusion under contention, events, and refused input. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"hub.http.port={{test-port:LeasesHttpTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:LeasesHttpTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:LeasesHttpTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:LeasesHttpTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + LeasesHttpTest.DB, "camel.main.routes-reload-enabled=false",
                "hub.security.max-json-body-bytes=1024", TestAuth.PROPERTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeasesHttpTest {

    static final String DB = "target/leases-http-test.db";
    private static final int CLIENTS = 8;
    private static final int TENURES_EACH = 5;

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("LeasesHttpTest.http"));

    @Test
    void eightContendingClientsNeverHoldTheLeaseTogether() throws Exception {
        AtomicReference<String> inside = new AtomicReference<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        List<Long> tokensInTenureOrder = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String holder = "client-" + c;
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < TENURES_EACH; i++) {
                        JsonNode lease = acquireEventually("shared", holder);
                        if (!inside.compareAndSet(null, holder)) {
                            overlaps.add(holder + " entered while " + inside.get() + " held the lease");
                        }
                        tokensInTenureOrder.add(lease.get("token").asLong());
                        Thread.yield(); // give a wrongly admitted client the chance to show up
                        if (!inside.compareAndSet(holder, null)) {
                            overlaps.add(holder + " found " + inside.get() + " inside on leaving");
                        }
                        HubHttp.Reply released = http.send("DELETE", "/api/leases/shared?holder=" + holder
                                + "&token=" + lease.get("token").asLong(), null);
                        assertEquals(200, released.status(), released.body());
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), overlaps);
        assertEquals(CLIENTS * TENURES_EACH, tokensInTenureOrder.size());
        for (int i = 1; i < tokensInTenureOrder.size(); i++) {
            assertTrue(tokensInTenureOrder.get(i) > tokensInTenureOrder.get(i - 1), "fencing tokens only grow: " + tokensInTenureOrder);
        }
        assertEquals(CLIENTS * TENURES_EACH, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE event_type = 'lease_acquired' AND json_extract(content, '$.resource') = 'shared'"));
        assertEquals(CLIENTS * TENURES_EACH, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE event_type = 'lease_released' AND json_extract(content, '$.resource') = 'shared'"));
    }

    private JsonNode acquireEventually(String resource, String holder) throws Exception {
        while (true) {
            HubHttp.Reply reply = http.send("POST", "/api/leases",
                    HubHttp.json(Map.of("resource", resource, "holder", holder, "ttl_ms", 600_000)));
            if (reply.status() == 201) {
                return reply.json();
            }
            assertEquals(409, reply.status(), reply.body());
            Thread.sleep(2); // back off: a busy loop of 8 clients on 2 cores starves the holder
        }
    }

    @Test
    void renewAndReleaseNeedTheHolderAndItsToken() throws Exception {
        JsonNode lease = http.send("POST", "/api/leases",
                HubHttp.json(Map.of("resource", "renewable", "holder", "alice", "ttl_ms", 60_000))).json();
        long token = lease.get("token").asLong();
        assertEquals(lease.get("expires_at_epoch_ms").asLong(), assertViewTime(lease.get("expires_at")).toEpochMilli());
        assertEquals(409, http.send("POST", "/api/leases",
                HubHttp.json(Map.of("resource", "renewable", "holder", "bob", "ttl_ms", 60_000))).status());
        assertEquals(409, renew("renewable", "bob", token).status());
        assertEquals(409, renew("renewable", "alice", token + 1).status());
        HubHttp.Reply renewed = renew("renewable", "alice", token);
        assertEquals(200, renewed.status(), renewed.body());
        assertEquals(token, renewed.json().get("token").asLong());
        JsonNode listed = http.send("GET", "/api/leases", null).json().get("leases");
        assertTrue(listed.toString().contains("\"resource\":\"renewable\""), listed.toString());
        assertEquals(409, http.send("DELETE", "/api/leases/renewable?holder=bob&token=" + token, null).status());
        assertEquals(200, http.send("DELETE", "/api/leases/renewable?holder=alice&token=" + token, null).status());
        assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE event_type = 'lease_renewed' "
                + "AND json_extract(content, '$.resource') = 'renewable'"));
    }

    private HubHttp.Reply renew(String resource, String holder, long token) throws Exception {
        return http.send("POST", "/api/leases/" + resource + "/renew",
                HubHttp.json(Map.of("holder", holder, "token", token, "ttl_ms", 60_000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"resource\":\"../etc/passwd\",\"holder\":\"a\",\"ttl_ms\":1000}",
            "{\"resource\":\"a/b\",\"holder\":\"a\",\"ttl_ms\":1000}",
            "{\"resource\":\"..\",\"holder\":\"a\",\"ttl_ms\":1000}",
            "{\"resource\":\"bell\\u0007\",\"holder\":\"a\",\"ttl_ms\":1000}",
            "{\"resource\":\"ok\",\"holder\":\"line\\nbreak\",\"ttl_ms\":1000}",
            "{\"resource\":\"ok\",\"holder\":\"a\",\"ttl_ms\":0}",
            "{\"resource\":\"ok\",\"holder\":\"a\",\"ttl_ms\":3600001}",
            "{\"resource\":\"ok\",\"holder\":\"a\",\"ttl_ms\":\"10\"}",
            "{\"resource\":\"ok\",\"holder\":\"a\",\"ttl_ms\":1000,\"extra\":1}",
            "{\"resource\":\"ok\",\"holder\":\"a\"}",
            "[1,2]",
            "not json"})
    void badInputGets400AndChangesNothing(String body) throws Exception {
        long before = TestDatabase.queryLong(DB, "SELECT count(*) FROM leases");
        HubHttp.Reply reply = http.send("POST", "/api/leases", body);
        assertEquals(400, reply.status(), reply.body());
        assertEquals(400, reply.json().get("status").asInt());
        assertEquals(before, TestDatabase.queryLong(DB, "SELECT count(*) FROM leases"));
    }

    @Test
    void anUnknownFieldIsNamedInThe400() throws Exception {
        HubHttp.Reply acquire = http.send("POST", "/api/leases", "{\"resource\":\"named\",\"holder\":\"a\",\"ttl\":1000}");
        assertEquals(400, acquire.status(), acquire.body());
        assertEquals("unknown field \"ttl\" in the body; known: holder, resource, ttl_ms", acquire.json().get("error").asText());
        HubHttp.Reply renew = http.send("POST", "/api/leases/named/renew", "{\"holder\":\"a\",\"tokn\":1,\"ttl_ms\":10}");
        assertEquals("unknown field \"tokn\" in the body; known: holder, token, ttl_ms", renew.json().get("error").asText());
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM leases WHERE resource = 'named'"));
    }

    @Test
    void oversizeBodyGets400AndChangesNothing() throws Exception {
        String body = HubHttp.json(Map.of("resource", "big", "holder", "x".repeat(2000), "ttl_ms", 1000));
        assertEquals(400, http.send("POST", "/api/leases", body).status());
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM leases WHERE resource = 'big'"));
    }

    @Test
    void aBodyBeyondTheServerLimitIsRefusedBeforeAnyRoute() throws Exception {
        String body = HubHttp.json(Map.of("resource", "huge", "holder", "x".repeat(2 * 1024 * 1024), "ttl_ms", 1000));
        assertEquals(413, http.send("POST", "/api/leases", body).status());
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM leases WHERE resource = 'huge'"));
    }

    @Test
    void traversalInThePathGets400() throws Exception {
        for (String path : new String[] {"/api/leases/..%2F..%2Fetc/renew", "/api/leases/%2e%2e/renew"}) {
            HubHttp.Reply reply = http.send("POST", path, HubHttp.json(Map.of("holder", "a", "token", 1, "ttl_ms", 10)));
            assertTrue(reply.status() == 400 || reply.status() == 404, path + " -> " + reply.status());
        }
        assertEquals(400, http.send("DELETE", "/api/leases/..%2F..?holder=a&token=1", null).status());
    }
}
