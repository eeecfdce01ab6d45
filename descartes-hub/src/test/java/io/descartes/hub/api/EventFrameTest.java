package io.descartes.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import org.junit.jupiter.api.Test;

/** The hand-built frames read back by Netty's RFC 6455 decoder, as a client reads them, in every length form. */
class EventFrameTest {

    @Test
    void nettysDecoderReadsEachLengthFormBack() {
        // 7-bit lengths up to 125, 16-bit from 126 to 65,535, 64-bit above
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
            String text = "é✓".repeat(length / 5) + "x".repeat(length - length / 5 * 5); // 2- and 3-byte UTF-8
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            ByteBuf built = EventFrame.of(utf8);
            assertTrue(built.isDirect(), "written to sockets without a copy");
            EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
            assertTrue(client.writeInbound(built), "a frame of " + utf8.length);
            TextWebSocketFrame frame = assertInstanceOf(TextWebSocketFrame.class, client.readInbound());
            assertTrue(frame.isFinalFragment());
            assertEquals(0, frame.rsv());
            assertEquals(text, frame.text(), "a frame of " + utf8.length + " bytes");
            frame.release();
            assertNull(client.readInbound(), "one frame, nothing after it");
            client.finishAndReleaseAll();
            assertEquals(0, built.refCnt(), "the decoder consumed the frame");
        }
    }

    @Test
    void eachConnectionReadsItsShareWholeAndTheFramesAreFreedAfterTheLastRelease() {
        byte[] first = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"id\":2}".getBytes(StandardCharsets.UTF_8);
        ByteBuf frames = EventFrame.append(EventFrame.of(first), second);
        int both = frames.readableBytes();
        ByteBuf all = EventFrame.share(frames, 0, both);
        ByteBuf last = EventFrame.share(frames, first.length + 2, second.length + 2);
        all.skipBytes(all.readableBytes()); // as a socket write consumes it
        assertEquals(second.length + 2, last.readableBytes(), "a share has its own indexes");
        assertEquals(both, frames.readableBytes());
        frames.release(); // the broadcaster's own reference, released before the event loops write
        all.release();
        assertEquals(1, frames.refCnt(), "still held by the second connection");
        assertEquals('2', last.getByte(last.readerIndex() + 8), "its bytes still there");
        last.release();
        assertEquals(0, frames.refCnt(), "freed once every reference is released");
        assertThrows(IllegalReferenceCountException.class, last::release, "one release per share");
    }
}
