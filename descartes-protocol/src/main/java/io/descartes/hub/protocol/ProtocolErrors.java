package io.descartes.hub.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.UUID;

/** The hub's reply to a frame it cannot serve (PROTOCOL §12.2). */
public final class ProtocolErrors {

    /** The agent id of an error reply that concerns no agent: 16 zero bytes. */
    public static final UUID NO_AGENT = new UUID(0, 0);

    private ProtocolErrors() {
    }

    /** {@code command_response} with success=false, status=nil, data={"code": ...} and the readable reason. */
    public static CommandResponse toResponse(ProtocolException e) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("code", e.code().wire());
        return new CommandResponse(e.requestId(), NO_AGENT, false, null, data, e.getMessage());
    }

    /** UNEXPECTED_TYPE for a well-formed message that is not a request, e.g. a response sent to the server. */
    public static ProtocolException unexpectedType(ZmqMessage message) {
        String requestId = message.requestId();
        return new ProtocolException(ErrorCode.UNEXPECTED_TYPE, "unexpected message type `" + message.type()
                + "`: a " + message.messageType().kind().name().toLowerCase(Locale.ROOT) + " message, not a request")
                .withRequestId(requestId);
    }

    /** FORBIDDEN: the sender is not the peer this message's agent or runner is bound to. */
    public static ProtocolException forbidden(ZmqMessage message, String reason) {
        return new ProtocolException(ErrorCode.FORBIDDEN, reason).withRequestId(message.requestId());
    }
}
