package io.descartes.hub.protocol;

/** {@code health_check_request}. */
public record HealthCheckRequest(String requestId) implements ZmqMessage {

    @Override
    public MessageType messageType() {
        return MessageType.HEALTH_CHECK_REQUEST;
    }
}
