package io.descartes.hub.ingest;

import io.descartes.hub.protocol.ErrorCode;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A Descartes message is exactly one frame after the envelope (PROTOCOL §12.1). Extra frames are
 * refused with an error reply instead of being ignored, so a confused peer learns about it.
 */
public final class SingleFrameGuard implements Processor {

    @Override
    public void process(Exchange exchange) {
        Integer frames = exchange.getMessage().getHeader(ZmqConstants.FRAME_COUNT, Integer.class);
        if (frames != null && frames != 1) {
            throw new ProtocolException(ErrorCode.MALFORMED,
                    "message has " + frames + " payload frames after the envelope, expected exactly 1");
        }
    }
}
