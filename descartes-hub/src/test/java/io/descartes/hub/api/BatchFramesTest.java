package io.descartes.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.store.EventRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import org.junit.jupiter.api.Test;

/** A batch's frames in one buffer, read back by Netty's RFC 6455 decoder as a client reads them. */
class BatchFramesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aRunOverRowsNoClientWantsIsTheWantedRowsFramesAndNothingElse() throws Exception {
        List<EventRow> rows = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            rows.add(new EventRow(id, "log_stream", 1700000000, "a-" + id, null, "{\"n\":" + id + "}", "{}", null));
        }
        BatchFrames frames = new BatchFrames(rows, new boolean[] {true, false, true, true, false}, new EventJson());
        assertTrue(frames.built(0));
        assertFalse(frames.built(1), "no client wants row 2: no frame");
        assertFalse(frames.built(4));

        assertEquals(List.of(1L, 3L, 4L), ids(frames.share(0, 5)));
        assertEquals(List.of(3L), ids(frames.share(1, 3)));
        frames.release();
    }

    @Test
    void aRunOfLessThanHalfTheBatchIsACopySoItDoesNotKeepTheBatchAlive() throws Exception {
        List<EventRow> rows = new ArrayList<>();
        for (long id = 1; id <= 4; id++) {
            rows.add(new EventRow(id, "log_stream", 1700000000, "a-" + id, null, "{\"n\":" + id + "}", "{}", null));
        }
        BatchFrames frames = new BatchFrames(rows, new boolean[] {true, true, true, true}, new EventJson());
        ByteBuf most = frames.share(0, 3);
        ByteBuf one = frames.share(3, 4); // a filtered client's single event
        frames.release();
        assertEquals(1, most.refCnt(), "a slice: the batch's buffer lives on for it");
        ByteBuf batch = most.unwrap();
        assertEquals(List.of(1L, 2L, 3L), ids(most));
        assertEquals(0, batch.refCnt(), "freed with the last slice");
        assertNull(one.unwrap(), "a buffer of its own");
        assertEquals(List.of(4L), ids(one));
    }

    @Test
    void aPayloadWrittenInPlaceGetsTheHeaderOfItsSize() throws Exception {
        for (int length : new int[] {0, 125, 126, 600, 65_535, 65_536, 70_000}) {
            byte[] payload = new byte[length];
            Arrays.fill(payload, (byte) 'x');
            ByteBuf inPlace = EventFrame.append(Unpooled.buffer(8).writeByte('-').skipBytes(1), out -> out.writeBytes(payload));
            ByteBuf expected = EventFrame.append(Unpooled.buffer(), payload);
            assertEquals(expected, inPlace, length + " bytes");
            EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
            client.writeInbound(inPlace);
            TextWebSocketFrame text = assertInstanceOf(TextWebSocketFrame.class, client.readInbound());
            assertEquals(length, text.content().readableBytes());
            text.release();
            expected.release();
            client.finishAndReleaseAll();
        }
    }

    /** The ids of the events whose frames the share holds, decoded like a client; releases the share. */
    private List<Long> ids(ByteBuf share) throws Exception {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        client.writeInbound(share);
        List<Long> ids = new ArrayList<>();
        for (Object frame = client.readInbound(); frame != null; frame = client.readInbound()) {
            TextWebSocketFrame text = assertInstanceOf(TextWebSocketFrame.class, frame);
            ids.add(mapper.readTree(text.text()).get("id").asLong());
            text.release();
        }
        assertNull(client.readInbound());
        client.finishAndReleaseAll();
        return ids;
    }
}
