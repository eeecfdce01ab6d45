package io.descartes.hub.zmq;

import java.util.ArrayList;
import java.util.List;

/**
 * Routing frames of a request and whether they ended with an empty delimiter, kept so that the reply goes back
 * with the envelope exactly as it came: a REQ peer gets [routing..., "", reply], a bare DEALER peer gets
 * [routing..., reply] with no delimiter it never sent.
 */
public record ZmqEnvelope(List<byte[]> routing, boolean delimited, List<byte[]> payload) {

    private static final byte[] EMPTY = new byte[0];

    /**
     * The envelope ends at the first empty frame; without one it is only the ROUTER identity (if any), so a DEALER
     * that sends no delimiter has its whole message treated as payload.
     */
    public static ZmqEnvelope split(List<byte[]> frames, boolean hasIdentity) {
        int first = hasIdentity ? 1 : 0;
        for (int i = first; i < frames.size(); i++) {
            if (frames.get(i).length == 0) {
                return new ZmqEnvelope(frames.subList(0, i), true, frames.subList(i + 1, frames.size()));
            }
        }
        return new ZmqEnvelope(frames.subList(0, first), false, frames.subList(first, frames.size()));
    }

    public List<byte[]> wrap(List<byte[]> reply) {
        List<byte[]> frames = new ArrayList<>(routing.size() + 1 + reply.size());
        frames.addAll(routing);
        if (delimited) {
            frames.add(EMPTY);
        }
        frames.addAll(reply);
        return frames;
    }
}
