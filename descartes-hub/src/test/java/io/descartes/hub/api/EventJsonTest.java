package io.descartes.hub.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.testing.ViewTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The WebSocket text of an event is the HTTP API's JSON of it, whatever the stored content holds. */
class EventJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventJson json = new EventJson();

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"log_stream\",\"data\":[1,2],\"n\":{\"x\":null}}", "[1,\"a\"]", "42", "null",
            "\"text\"", "not json", "{} trailing", "{\"open\":", "", "  ", "{\"q\":\"\\u00e9\\\"\"}"})
    void textMatchesTheNodeForm(String stored) throws Exception {
        for (EventRow row : new EventRow[] {
                new EventRow(7, "log_stream", 1700000000, "a-1", null, stored, "{\"sender\":\"00ab\"}", null),
                new EventRow(8, "status_update", 1700000001, null, "s", "{}", stored, "abc123")}) {
            assertEquals(mapper.readTree(mapper.writeValueAsString(json.toNode(row))), mapper.readTree(json.toUtf8(row)));
        }
    }

    @Test
    void aJustRecordedRowIsCopiedAsTheHubWroteIt() {
        EventRow row = new EventRow(9, "log_stream", 1700000002, "a-2", null, "{\"data\":[1]}", "{\"sender\":\"01\"}", null);
        assertArrayEquals(json.toUtf8(row), json.recordedToUtf8(row));
    }

    @Test
    void eachRowHasItsOwnSecondAsAViewTime() throws Exception {
        for (long second : new long[] {1700000000, 1700000000, 1700000001, 1700000000, 0}) {
            EventRow row = new EventRow(1, "x", second, null, null, "{}", "{}", null);
            Instant expected = Instant.ofEpochSecond(second);
            assertEquals(expected, ViewTimes.assertViewTime(mapper.readTree(json.recordedToUtf8(row)).get("timestamp")));
            assertEquals(expected, ViewTimes.assertViewTime(json.toNode(row).get("timestamp")));
        }
    }
}
