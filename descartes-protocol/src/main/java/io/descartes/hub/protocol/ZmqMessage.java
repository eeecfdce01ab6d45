package io.descartes.hub.protocol;

/**
 * One Descartes message: upstream's internally tagged {@code ZmqMessage} enum plus hub extensions.
 * On the wire it is an array whose first element is {@link #type()}, followed by the record's components in order.
 */
public sealed interface ZmqMessage permits SpawnRequest, SpawnResponse, ControlCommand, CommandResponse,
        StatusUpdate, ListAgentsRequest, ListAgentsResponse, HealthCheckRequest, HealthCheckResponse,
        CustomActionRequest, BatchControlCommand, BatchControlResponse, OutputQueryRequest, OutputQueryResponse,
        LogStream, EventAck, RunnerRegister, RunnerHeartbeat, RunnerUnregister, RunnerAck, BusMessage, BusAttach,
        BusSubscription, BusReply, WorkspaceRequest, WorkspaceResponse {

    MessageType messageType();

    /** The snake_case tag, e.g. {@code spawn_request}. */
    default String type() {
        return messageType().tag();
    }

    /** The correlation id of requests and responses; null for messages that have none (events, acks). */
    default String requestId() {
        return null;
    }

    /**
     * The message's identity for idempotent storage (PROTOCOL §12.5): {@code <type>/<request_id>} for requests and
     * responses; events override it with their own natural identity.
     */
    default String naturalKey() {
        return type() + "/" + requestId();
    }
}
