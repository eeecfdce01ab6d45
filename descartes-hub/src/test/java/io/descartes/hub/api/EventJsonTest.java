package io.descartes.hub.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.testing.ViewTimes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
    void aJustRecordedRowIsTheGeneratorsBytes() {
        EventRow row = new EventRow(9, "log_stream", 1700000002, "a-2", null, "{\"data\":[1]}", "{\"sender\":\"01\"}", null);
        assertArrayEquals(json.toUtf8(row), recorded(row));
    }

    /** Strings with quotes, backslashes, control characters, beyond ASCII (the generator escapes a surrogate pair). */
    @ParameterizedTest
    @ValueSource(strings = {"a-2", "", "say \"hi\"", "back\\slash", "line\nbreak\ttab\u0001\u001f\u007f",
            "caf\u00e9", "\u65e5\u672c", "\ud83d\ude00 smile", "</script>"})
    void aJustRecordedRowIsTheGeneratorsJson(String text) throws Exception {
        for (EventRow row : new EventRow[] {
                new EventRow(9, text, 1700000002, text, text, "{\"data\":[1],\"t\":\"\u00e9\ud83d\ude00\"}", "{\"sender\":\"01\"}", text),
                new EventRow(Long.MAX_VALUE, "log_stream", 0, null, null, "[]", null, null),
                new EventRow(1, "x", 1700000003, "a", null, null, "{}", "abc123")}) {
            assertEquals(mapper.readTree(json.toUtf8(row)), mapper.readTree(recorded(row)));
        }
    }

    private byte[] recorded(EventRow row) {
        ByteBuf out = Unpooled.buffer(16); // grows as it is written
        json.writeRecorded(row, out);
        return ByteBufUtil.getBytes(out);
    }

    @Test
    void eachRowHasItsOwnSecondAsAViewTime() throws Exception {
        for (long second : new long[] {1700000000, 1700000000, 1700000001, 1700000000, 0}) {
            EventRow row = new EventRow(1, "x", second, null, null, "{}", "{}", null);
            Instant expected = Instant.ofEpochSecond(second);
            assertEquals(expected, ViewTimes.assertViewTime(mapper.readTree(recorded(row)).get("timestamp")));
            assertEquals(expected, ViewTimes.assertViewTime(json.toNode(row).get("timestamp")));
        }
    }
}
