package io.descartes.hub.timetravel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.store.EventRow;
import org.junit.jupiter.api.Test;

/** Replay reads output chunks stored in every form: the JSON view (text or base64) and earlier rows' byte arrays. */
class BrainReplayTest {

    private static final String AGENT = "6f1c8f3e-1f2a-4c3b-9d4e-5f6a7b8c9d0e";

    private final BrainReplay replay = new BrainReplay(null, new ObjectMapper());

    @Test
    void outputPositionsCountTheBytesOfEveryStoredForm() throws Exception {
        BrainState state = BrainState.EMPTY;
        state = replay.apply(state, chunk(1, "stdout", 0, "[104,105]", "{\"secs_since_epoch\":1,\"nanos_since_epoch\":0}"));
        state = replay.apply(state, chunk(2, "stdout", 1, "\"héllo\"", "\"2026-12-02T00:00:00.000000000Z\""));
        state = replay.apply(state, chunk(3, "stderr", 0, "{\"base64\":\"/wBh\"}", "\"2026-12-02T00:00:01.000000000Z\""));
        assertEquals(new BrainState.OutputPosition(1, 2 + 6), state.output().get("stdout"));
        assertEquals(new BrainState.OutputPosition(0, 3), state.output().get("stderr"));
        assertEquals(3, state.eventId());
    }

    private static EventRow chunk(long id, String stream, long sequence, String data, String time) {
        String content = "{\"type\":\"log_stream\",\"agent_id\":\"" + AGENT + "\",\"stream_type\":\"" + stream
                + "\",\"data\":" + data + ",\"timestamp\":" + time + ",\"sequence\":" + sequence + "}";
        return new EventRow(id, "log_stream", 0, AGENT, null, content, "{}", null);
    }
}
