package io.descartes.hub.protocol;

import java.util.Map;

/** {@code health_check_response}. */
public record HealthCheckResponse(String requestId, boolean healthy, String protocolVersion, Long uptimeSecs,
                                  Long activeAgents, Map<String, String> metadata) implements ZmqMessage {

    @Override
    public MessageType messageType() {
        return MessageType.HEALTH_CHECK_RESPONSE;
    }
}
