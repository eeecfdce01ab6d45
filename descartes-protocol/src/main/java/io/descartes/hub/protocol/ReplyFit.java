package io.descartes.hub.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The bytes of a reply, always within the frame limit, so that every request is answered exactly once
 * (PROTOCOL §12.2): a reply the encoder refuses as oversize would leave its request unanswered. A response too
 * large to send becomes a failure of its own type saying so, echoing only the request id (and the agent id, the
 * error code and the server id where its type has them); a failure too large (its request id or reason is what a
 * peer made huge) keeps its reason. When even that does not fit, the echoed request id and reason are cut to
 * {@value #ECHO_LIMIT} characters, and the reason says so.
 */
public final class ReplyFit {

    /** Characters of an echoed text kept when the reply cannot carry it whole: enough to recognise it. */
    static final int ECHO_LIMIT = 256;
    /** The smallest frame limit a failure with cut echoes always fits (256 + 256 characters of up to 4 UTF-8 bytes). */
    static final int MIN_LIMIT = 4096;

    private final DescartesCodec codec;

    public ReplyFit(DescartesCodec codec) {
        if (codec.maxSize() < MIN_LIMIT) {
            throw new IllegalArgumentException("a frame limit of " + codec.maxSize()
                    + " bytes cannot carry every reply: it must be at least " + MIN_LIMIT);
        }
        this.codec = codec;
    }

    public byte[] encode(ZmqMessage reply) {
        String reason;
        try {
            return codec.encode(reply);
        } catch (ProtocolException e) {
            if (e.code() != ErrorCode.OVERSIZE) {
                throw e;
            }
            reason = failureReason(reply);
            if (reason == null) {
                reason = "response too large: " + e.getMessage()
                        + "; the request was served, but its response cannot be sent";
            }
        }
        String requestId = reply.requestId() == null ? "" : reply.requestId();
        try {
            return codec.encode(failure(reply, requestId, reason));
        } catch (ProtocolException e) {
            if (e.code() != ErrorCode.OVERSIZE) {
                throw e;
            }
        }
        String cutId = cut(requestId);
        String cutReason = cut(reason) + (reason.length() > ECHO_LIMIT ? "…" : "") + (cutId.length() < requestId.length()
                ? " (request_id cut to its first " + cutId.length() + " of " + requestId.length() + " characters)" : "");
        return codec.encode(failure(reply, cutId, cutReason));
    }

    /** The reason a failed reply gives, or null for a reply that succeeded. */
    private static String failureReason(ZmqMessage reply) {
        if (reply instanceof CommandResponse r && !r.success()) {
            return r.error();
        } else if (reply instanceof SpawnResponse r && !r.success()) {
            return r.error();
        } else if (reply instanceof ListAgentsResponse r && !r.success()) {
            return r.error();
        } else if (reply instanceof OutputQueryResponse r && !r.success()) {
            return r.error();
        } else if (reply instanceof HealthCheckResponse r && !r.healthy() && r.metadata() != null) {
            return r.metadata().get("error");
        } else if (reply instanceof WorkspaceResponse r && !r.success()) {
            return r.error();
        }
        return null; // a batch response's reasons are per agent: the batch itself says only that it was too large
    }

    /** {@code reply}'s own type with success=false and {@code error}, carrying nothing that can be large. */
    private static ZmqMessage failure(ZmqMessage reply, String requestId, String error) {
        if (reply instanceof SpawnResponse r) {
            return new SpawnResponse(requestId, false, null, error, r.serverId());
        } else if (reply instanceof CommandResponse r) {
            return new CommandResponse(requestId, r.agentId(), false, null, code(r.success() ? null : r.data()), error);
        } else if (reply instanceof ListAgentsResponse) {
            return new ListAgentsResponse(requestId, false, List.of(), error);
        } else if (reply instanceof HealthCheckResponse r) {
            Map<String, String> metadata = new LinkedHashMap<>();
            if (r.metadata() != null && r.metadata().containsKey("server_id")) {
                metadata.put("server_id", r.metadata().get("server_id"));
            }
            metadata.put("error", error);
            return new HealthCheckResponse(requestId, false, r.protocolVersion(), null, null, metadata);
        } else if (reply instanceof BatchControlResponse r) {
            // the counts still tell what the batch did; the reason goes where a batch has text, in a result
            // for no agent (16 zero bytes, as in error replies)
            return new BatchControlResponse(requestId, false,
                    List.of(new BatchAgentResult(ProtocolErrors.NO_AGENT, false, null, error)), r.successful(), r.failed());
        } else if (reply instanceof OutputQueryResponse r) {
            return new OutputQueryResponse(requestId, r.agentId(), false, List.of(), null, false, error);
        } else if (reply instanceof WorkspaceResponse r) {
            return WorkspaceResponse.failed(requestId, r.success() ? WorkspaceResponse.ERROR : r.code(), error);
        }
        // no response of its own to a request (event_ack, runner_ack): the error reply of §12.2
        return new CommandResponse(requestId, ProtocolErrors.NO_AGENT, false, null,
                JsonNodeFactory.instance.objectNode().put("code", ErrorCode.OVERSIZE.wire()), error);
    }

    /** An error reply's {@code {"code": …}}, without anything else its data held. */
    private static JsonNode code(JsonNode data) {
        JsonNode code = data == null ? null : data.get("code");
        return code == null || !code.isTextual() ? null : JsonNodeFactory.instance.objectNode().set("code", code);
    }

    private static String cut(String text) {
        if (text.length() <= ECHO_LIMIT) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(ECHO_LIMIT - 1)) ? ECHO_LIMIT - 1 : ECHO_LIMIT;
        return text.substring(0, end);
    }
}
