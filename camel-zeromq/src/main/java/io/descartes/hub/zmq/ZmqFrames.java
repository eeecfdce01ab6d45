package io.descartes.hub.zmq;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Message;
import org.apache.camel.CamelException;

/** Converts between Camel message bodies and ZMQ frames. */
final class ZmqFrames {

    private ZmqFrames() {
    }

    /** A List body is multipart (one frame per element); anything else is one frame; null is one empty frame. */
    static List<byte[]> of(Message message) throws CamelException {
        return of(message, message.getBody());
    }

    /** One message's frames from {@code body}, as {@link #of(Message)} reads a message's body. */
    static List<byte[]> of(Message message, Object body) throws CamelException {
        if (body == null) {
            return List.of(new byte[0]);
        }
        if (body instanceof List<?> parts) {
            List<byte[]> frames = new ArrayList<>(parts.size());
            for (Object part : parts) {
                frames.add(message.getExchange().getContext().getTypeConverter()
                        .mandatoryConvertTo(byte[].class, message.getExchange(), part));
            }
            return frames;
        }
        return List.of(message.getExchange().getContext().getTypeConverter()
                .mandatoryConvertTo(byte[].class, message.getExchange(), body));
    }

    /** Body = first frame (empty if none), all frames and their count as headers. */
    static void fill(Message message, List<byte[]> frames) {
        List<byte[]> copy = List.copyOf(frames);
        message.setHeader(ZmqConstants.FRAMES, copy);
        message.setHeader(ZmqConstants.FRAME_COUNT, copy.size());
        message.setBody(copy.isEmpty() ? new byte[0] : copy.get(0));
    }
}
