package io.descartes.hub.ingest;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.descartes.hub.curve.RefusedClientException;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ProtocolErrors;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.quota.QuotaExceededException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reply to a frame the hub could not serve (PROTOCOL §12.2): a {@code command_response} with
 * success=false. Protocol errors carry their code, a frame over its peer's quota {@code rate_limited} (nothing was
 * recorded, the sender may re-send later), a frame of a revoked client {@code unauthorized}; anything else (the store
 * refused the write, the journal was full) is {@code unavailable}: nothing was acknowledged, so the sender may re-send.
 */
public final class ErrorReply implements Processor {

    /** Hub extension code for failures that are not the frame's fault. */
    public static final String UNAVAILABLE = "unavailable";
    /** Hub extension code for frames of a client whose key was revoked after it connected. */
    public static final String UNAUTHORIZED = "unauthorized";

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReply.class);

    private final AtomicLong refused = new AtomicLong();

    @Override
    public void process(Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        refused.incrementAndGet();
        CommandResponse reply;
        if (error instanceof ProtocolException p) {
            reply = ProtocolErrors.toResponse(p);
        } else if (error instanceof QuotaExceededException q) {
            // not logged: a flood would flood the log too; descartes_quota_refused_total counts them
            reply = new CommandResponse(q.requestId(), ProtocolErrors.NO_AGENT, false, null,
                    JsonNodeFactory.instance.objectNode().put("code", QuotaExceededException.CODE), q.getMessage());
        } else if (error instanceof RefusedClientException refusal) {
            reply = new CommandResponse("", ProtocolErrors.NO_AGENT, false, null,
                    JsonNodeFactory.instance.objectNode().put("code", UNAUTHORIZED), refusal.getMessage());
        } else {
            LOG.warn("{}: frame not served: {}", exchange.getFromRouteId(), String.valueOf(error));
            reply = new CommandResponse(requestId(exchange), ProtocolErrors.NO_AGENT, false, null,
                    JsonNodeFactory.instance.objectNode().put("code", UNAVAILABLE),
                    "hub could not record the message, re-send it: " + (error == null ? "unknown error" : error.getMessage()));
        }
        exchange.getMessage().setBody(reply);
    }

    /** Frames refused since start, of every kind. */
    public long refused() {
        return refused.get();
    }

    private static String requestId(Exchange exchange) {
        Object message = exchange.getProperty(IngestProperties.MESSAGE);
        if (message instanceof ZmqMessage m && m.requestId() != null) {
            return m.requestId();
        }
        return "";
    }
}
