package io.descartes.hub.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every message tag with its record and wire layout; a new hub extension message is one constant here. */
public enum MessageType {
    SPAWN_REQUEST(SpawnRequest.class, Kind.REQUEST, Schemas.SPAWN_REQUEST),
    SPAWN_RESPONSE(SpawnResponse.class, Kind.RESPONSE, Schemas.SPAWN_RESPONSE),
    CONTROL_COMMAND(ControlCommand.class, Kind.REQUEST, Schemas.CONTROL_COMMAND),
    COMMAND_RESPONSE(CommandResponse.class, Kind.RESPONSE, Schemas.COMMAND_RESPONSE),
    STATUS_UPDATE(StatusUpdate.class, Kind.EVENT, Schemas.STATUS_UPDATE),
    LIST_AGENTS_REQUEST(ListAgentsRequest.class, Kind.REQUEST, Schemas.LIST_AGENTS_REQUEST),
    LIST_AGENTS_RESPONSE(ListAgentsResponse.class, Kind.RESPONSE, Schemas.LIST_AGENTS_RESPONSE),
    HEALTH_CHECK_REQUEST(HealthCheckRequest.class, Kind.REQUEST, Schemas.HEALTH_CHECK_REQUEST),
    HEALTH_CHECK_RESPONSE(HealthCheckResponse.class, Kind.RESPONSE, Schemas.HEALTH_CHECK_RESPONSE),
    CUSTOM_ACTION_REQUEST(CustomActionRequest.class, Kind.REQUEST, Schemas.CUSTOM_ACTION_REQUEST),
    BATCH_CONTROL_COMMAND(BatchControlCommand.class, Kind.REQUEST, Schemas.BATCH_CONTROL_COMMAND),
    BATCH_CONTROL_RESPONSE(BatchControlResponse.class, Kind.RESPONSE, Schemas.BATCH_CONTROL_RESPONSE),
    OUTPUT_QUERY_REQUEST(OutputQueryRequest.class, Kind.REQUEST, Schemas.OUTPUT_QUERY_REQUEST),
    OUTPUT_QUERY_RESPONSE(OutputQueryResponse.class, Kind.RESPONSE, Schemas.OUTPUT_QUERY_RESPONSE),
    LOG_STREAM(LogStream.class, Kind.EVENT, Schemas.LOG_STREAM),
    /** Hub extension: acknowledges a stored event (PROTOCOL §12.5). */
    EVENT_ACK(EventAck.class, Kind.RESPONSE, Schemas.EVENT_ACK),
    /** Hub extensions: remote runners on the runner link (docs/protocol-extensions.md). */
    RUNNER_REGISTER(RunnerRegister.class, Kind.RUNNER, Schemas.RUNNER_REGISTER),
    RUNNER_HEARTBEAT(RunnerHeartbeat.class, Kind.RUNNER, Schemas.RUNNER_HEARTBEAT),
    RUNNER_UNREGISTER(RunnerUnregister.class, Kind.RUNNER, Schemas.RUNNER_UNREGISTER),
    RUNNER_ACK(RunnerAck.class, Kind.RESPONSE, Schemas.RUNNER_ACK),
    /** Hub extensions: the inter-agent message bus on the command endpoint (docs/protocol-extensions.md). */
    BUS_MESSAGE(BusMessage.class, Kind.BUS, Schemas.BUS_MESSAGE),
    BUS_ATTACH(BusAttach.class, Kind.BUS, Schemas.BUS_ATTACH),
    BUS_SUBSCRIPTION(BusSubscription.class, Kind.BUS, Schemas.BUS_SUBSCRIPTION),
    BUS_REPLY(BusReply.class, Kind.RESPONSE, Schemas.BUS_REPLY),
    /**
     * Hub extensions: git work on the workspace of an agent a remote runner runs, asked by the hub on the runner's
     * command endpoint (docs/protocol-extensions.md); not served by the hub's own endpoints.
     */
    WORKSPACE_REQUEST(WorkspaceRequest.class, Kind.RUNNER, Schemas.WORKSPACE_REQUEST),
    WORKSPACE_RESPONSE(WorkspaceResponse.class, Kind.RESPONSE, Schemas.WORKSPACE_RESPONSE);

    /**
     * Direction of a message: what a server may accept as a request; RUNNER messages pass between a hub and its
     * runners only (the runner link, and workspace_request on a runner's command endpoint), BUS messages are served on
     * the command endpoint by the bus.
     */
    public enum Kind { REQUEST, RESPONSE, EVENT, RUNNER, BUS }

    private static final Map<String, MessageType> BY_TAG =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::tag, Function.identity()));
    private static final List<String> TAGS = Arrays.stream(values()).map(MessageType::tag).toList();
    private static final MessageType[] VALUES = values();
    private static final byte[][] TAG_BYTES =
            Arrays.stream(VALUES).map(t -> t.tag.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private final String tag = name().toLowerCase(Locale.ROOT);
    private final Class<? extends ZmqMessage> recordType;
    private final Kind kind;
    final StructType<? extends ZmqMessage> schema;

    MessageType(Class<? extends ZmqMessage> recordType, Kind kind, StructType<? extends ZmqMessage> schema) {
        this.recordType = recordType;
        this.kind = kind;
        this.schema = schema;
    }

    public String tag() {
        return tag;
    }

    public Class<? extends ZmqMessage> recordType() {
        return recordType;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRequest() {
        return kind == Kind.REQUEST;
    }

    /** The type tagged {@code tag} (case-sensitive); unknown tags raise UNKNOWN_TYPE. */
    public static MessageType fromTag(String tag) {
        MessageType type = BY_TAG.get(tag);
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown variant `" + tag + "`, expected " + WireEnums.expectedOneOf(TAGS));
        }
        return type;
    }

    /**
     * {@link #fromTag(String)} of a tag's UTF-8 bytes. The decoder matches them where they lie in the frame: building
     * the String and hashing it for the map cost more than comparing bytes with the few tags of the same length.
     */
    static MessageType fromTag(byte[] utf8, int offset, int length) {
        for (int i = 0; i < TAG_BYTES.length; i++) {
            byte[] tag = TAG_BYTES[i];
            if (tag.length == length && Arrays.equals(tag, 0, length, utf8, offset, offset + length)) {
                return VALUES[i];
            }
        }
        return fromTag(new String(utf8, offset, length, StandardCharsets.UTF_8)); // unknown: fromTag's error
    }
}
