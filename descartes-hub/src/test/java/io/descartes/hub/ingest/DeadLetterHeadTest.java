package io.descartes.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 15, finding 7: a dead letter keeps at most hub.dead-letters.max-raw-bytes of its frame (4096 by default), with
 * the size and SHA-256 digest of the whole frame, in the table and in GET /api/dead-letters; a frame over 10 MiB was
 * kept whole before.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:DeadLetterHeadTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:DeadLetterHeadTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:DeadLetterHeadTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:DeadLetterHeadTest.runner}}",
                "hub.db.url=jdbc:sqlite:" + DeadLetterHeadTest.DB, "camel.main.routes-reload-enabled=false",
                "hub.zmq.curve.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterHeadTest {

    static final String DB = "target/dead-letter-head-test.db";
    private static final int HEAD = 4096;

    static {
        TestDatabase.reset(DB);
    }

    @Test
    void aFrameOverTheLimitLeavesItsHeadSizeAndDigest() throws Exception {
        byte[] frame = new byte[10 * 1024 * 1024 + 1024];
        new Random(15).nextBytes(frame);
        assertDeadLetterOf(frame, "oversize");
    }

    @Test
    void aMalformedFrameOfOneMebibyteLeavesItsHeadSizeAndDigest() throws Exception {
        byte[] frame = new byte[1024 * 1024];
        new Random(7).nextBytes(frame);
        frame[0] = (byte) 0xc1; // never used in msgpack
        assertDeadLetterOf(frame, "malformed");
    }

    private void assertDeadLetterOf(byte[] frame, String code) throws Exception {
        long before = TestDatabase.queryLong(DB, "SELECT coalesce(max(id), 0) FROM dead_letters");
        try (DescartesPeer peer = DescartesPeer.unauthenticated(TestPorts.tcp("DeadLetterHeadTest.command"))) {
            peer.sendRaw(frame);
            CommandResponse error = assertInstanceOf(CommandResponse.class, peer.receive());
            assertEquals(code, error.data().get("code").asText());
        }
        long id = TestDatabase.queryLong(DB, "SELECT max(id) FROM dead_letters");
        assertEquals(before + 1, id, "one dead letter");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(frame));
        byte[] head = Arrays.copyOf(frame, HEAD);
        assertEquals(HEAD, TestDatabase.queryLong(DB, "SELECT length(raw) FROM dead_letters WHERE id = " + id));
        assertEquals(frame.length, TestDatabase.queryLong(DB, "SELECT raw_size FROM dead_letters WHERE id = " + id));
        assertEquals(digest, TestDatabase.queryString(DB, "SELECT raw_sha256 FROM dead_letters WHERE id = " + id));

        HubHttp.Reply page = new HubHttp(TestPorts.port("DeadLetterHeadTest.http")).send("GET",
                "/api/dead-letters?after=" + before + "&limit=1", null);
        assertEquals(200, page.status(), page.body());
        JsonNode row = page.json().get("dead_letters").get(0);
        assertEquals(id, row.get("id").asLong());
        assertEquals(code, row.get("error_code").asText());
        assertEquals(frame.length, row.get("raw_size").asLong());
        assertEquals(digest, row.get("raw_sha256").asText());
        assertTrue(row.get("raw_truncated").asBoolean());
        assertArrayEquals(head, Base64.getDecoder().decode(row.get("raw_base64").asText()));
    }
}
