package io.descartes.hub.api;

import java.util.List;

import io.descartes.hub.store.EventRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A committed batch's events as RFC 6455 frames, one after the other in one direct buffer, built once for every
 * client: a client that wants a run of consecutive events queues one slice of it, so its event loop makes one write
 * per run (a whole batch, for a client without a filter), not one per event. Only the events some client's filter
 * matches have a frame; a row without one takes no bytes, so it does not break a run of the frames around it.
 */
final class BatchFrames {

    private final List<EventRow> rows;
    /** Row i's frame is the bytes from offsets[i] to offsets[i + 1]; none (no bytes) when no client wanted it. */
    private final int[] offsets;
    private final ByteBuf frames;

    /** @param wanted which rows to build a frame for: every row a client of this batch wants */
    BatchFrames(List<EventRow> rows, boolean[] wanted, EventJson json) {
        this.rows = rows;
        this.offsets = new int[rows.size() + 1];
        int built = 0;
        for (boolean w : wanted) {
            built += w ? 1 : 0;
        }
        this.frames = ByteBufAllocator.DEFAULT.directBuffer(600 * built); // about the size of a log_stream event's
        for (int i = 0; i < rows.size(); i++) {
            offsets[i] = frames.writerIndex();
            if (wanted[i]) {
                EventRow row = rows.get(i);
                EventFrame.append(frames, out -> json.writeRecorded(row, out));
            }
        }
        offsets[rows.size()] = frames.writerIndex();
    }

    List<EventRow> rows() {
        return rows;
    }

    boolean built(int row) {
        return offsets[row + 1] > offsets[row];
    }

    /**
     * The caller's reference to the frames of rows {@code from} (inclusive) to {@code to} (exclusive): a slice of the
     * batch's buffer, or a copy of its own when the run is less than half of it, so that a client that falls behind
     * (up to {@code hub.ws.max-pending} events) keeps at most twice its own frames' bytes alive, not whole batches of
     * other clients' events.
     */
    ByteBuf share(int from, int to) {
        int index = offsets[from];
        int length = offsets[to] - index;
        if (2 * length >= frames.readableBytes()) {
            return EventFrame.share(frames, index, length);
        }
        return ByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(frames, index, length);
    }

    /** The builder's reference; the clients' shares keep the buffer until they are written. */
    void release() {
        frames.release();
    }
}
