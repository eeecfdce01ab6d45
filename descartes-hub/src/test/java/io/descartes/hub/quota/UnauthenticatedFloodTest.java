package io.descartes.hub.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.LibzmqPeer;
import io.descartes.hub.testing.MetricsScrape;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 15, finding 7, in the opt-in unauthenticated mode: another local user ({@code nobody}) floods the command
 * endpoint with health checks. What is stored stays within the quota all unauthenticated peers share, every refused
 * frame gets a rate_limited error reply and leaves nothing behind (no event, no dead letter), and HTTP is served
 * meanwhile. The quota here: 1 frame per second, bursts of 40 (the bytes are not what this flood spends).
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:UnauthenticatedFloodTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:UnauthenticatedFloodTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:UnauthenticatedFloodTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:UnauthenticatedFloodTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + UnauthenticatedFloodTest.DB, "camel.main.routes-reload-enabled=false",
                "hub.zmq.curve.enabled=false",
                "hub.zmq.quota.command.unauthenticated-frames-per-second=1",
                "hub.zmq.quota.burst-seconds=" + UnauthenticatedFloodTest.BURST_SECONDS})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnauthenticatedFloodTest {

    static final String DB = "target/unauthenticated-flood-test.db";
    static final int BURST_SECONDS = 40;
    /** Before the hub, so before its quota's bucket starts filling: the bound below can only be generous. */
    private static final long LOADED_AT = System.nanoTime();

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(TestPorts.port("UnauthenticatedFloodTest.http"));

    @Test
    void aFloodOfHealthChecksStoresNoMoreThanTheQuotaAndHttpIsServedMeanwhile() throws Exception {
        LibzmqPeer.assumeAvailable();
        JsonNode totals;
        try (HealthFlooder flooder = HealthFlooder.start(TestPorts.tcp("UnauthenticatedFloodTest.command"))) {
            JsonNode progress = flooder.awaitRefusal();
            assertTrue(progress.get("limited").asLong() > 0,
                    "the flooder got rate_limited replies: " + progress.get("served") + " served of " + progress.get("sent"));
            // the flooder is refused now, and keeps at it: the hub still serves HTTP
            HubHttp.Reply events = http.send("GET", "/api/events?limit=1", null);
            assertEquals(200, events.status(), events.body());
            assertTrue(flooder.isFlooding(), "still flooding while HTTP was served");
            totals = flooder.stop();
        }
        long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - LOADED_AT) + 1;

        long served = totals.get("served").asLong();
        long limited = totals.get("limited").asLong();
        assertEquals(totals.get("sent").asLong(), served + limited, "every frame got one reply");
        assertTrue(limited > 0, "the flooder got rate_limited replies");
        assertTrue(served <= BURST_SECONDS + elapsedSeconds,
                served + " served: more than a burst of " + BURST_SECONDS + " and 1/s over " + elapsedSeconds + " s");
        Set<String> servedIds = new HashSet<>();
        totals.get("served_ids").forEach(id -> servedIds.add(id.asText()));
        assertEquals(served, TestDatabase.queryLong(DB,
                "SELECT count(*) FROM events WHERE json_extract(content, '$.request_id') LIKE 'flood-%'"),
                "exactly the served requests were recorded");
        assertEquals(servedIds.size(), served);
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM dead_letters"), "refused frames leave no dead letter");
        assertEquals((double) limited, MetricsScrape.of(http).sum("descartes_quota_refused_total",
                "endpoint=\"command\"", "peer=\"unauthenticated\""));
        assertEquals((double) limited, MetricsScrape.of(http).sum("descartes_frames_refused_total", "code=\"rate_limited\""));
    }
}
