package io.descartes.hub.protocol;

import static io.descartes.hub.protocol.StructType.struct;
import static io.descartes.hub.protocol.WireTypes.BOOL;
import static io.descartes.hub.protocol.WireTypes.BYTES;
import static io.descartes.hub.protocol.WireTypes.JSON_VALUE;
import static io.descartes.hub.protocol.WireTypes.STRING;
import static io.descartes.hub.protocol.WireTypes.U32;
import static io.descartes.hub.protocol.WireTypes.U64;
import static io.descartes.hub.protocol.WireTypes.UNIX_SECONDS;
import static io.descartes.hub.protocol.WireTypes.UUID_TYPE;
import static io.descartes.hub.protocol.WireTypes.enumType;
import static io.descartes.hub.protocol.WireTypes.listOf;
import static io.descartes.hub.protocol.WireTypes.mapOf;

import java.util.List;
import java.util.Map;

/**
 * Field order, Rust names and serde defaults of every struct (PROTOCOL §3–§4, §12.5; upstream zmq_agent_runner.rs and
 * traits.rs). The order here IS the wire order; the constructor lambdas take the values in that order.
 */
final class Schemas {

    private Schemas() {
    }

    @SuppressWarnings("unchecked")
    private static <T> T v(Object value) {
        return (T) value;
    }

    private static final WireType<AgentStatus> STATUS = enumType(AgentStatus.class);
    private static final WireType<Map<String, String>> STRING_MAP = mapOf(STRING);

    static final StructType<WireTime> SYSTEM_TIME = struct("SystemTime",
            a -> WireTime.carrying(v(a[0]), v(a[1])))
            .field("secs_since_epoch", U64, WireTime::secs)
            .field("nanos_since_epoch", U32, t -> (long) t.nanos())
            .jsonView(WireTypes.TIME_VIEW)
            .build();

    static final StructType<AgentConfig> AGENT_CONFIG = struct("AgentConfig",
            a -> new AgentConfig(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5]), v(a[6]), v(a[7]), v(a[8])))
            .defaulted("name", STRING, AgentConfig::name, "")
            .defaulted("model_backend", STRING, AgentConfig::modelBackend, "")
            .defaulted("task", STRING, AgentConfig::task, "")
            .option("context", STRING, AgentConfig::context)
            .option("system_prompt", STRING, AgentConfig::systemPrompt)
            .defaulted("environment", STRING_MAP, AgentConfig::environment, Map.of())
            .option("model", STRING, AgentConfig::model)
            .option("tool_level", STRING, AgentConfig::toolLevel)
            .option("agents", mapOf(JSON_VALUE), AgentConfig::agents)
            .build();

    static final StructType<AttachInfo> ATTACH_INFO = struct("AttachInfo",
            a -> new AttachInfo(v(a[0]), v(a[1]), v(a[2])))
            .field("connect_url", STRING, AttachInfo::connectUrl)
            .field("token", STRING, AttachInfo::token)
            .field("expires_at", UNIX_SECONDS, AttachInfo::expiresAt)
            .build();

    static final StructType<AgentInfo> AGENT_INFO = struct("AgentInfo",
            a -> new AgentInfo(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5]), v(a[6]), v(a[7]), v(a[8])))
            .field("id", UUID_TYPE, AgentInfo::id)
            .field("name", STRING, AgentInfo::name)
            .field("status", STATUS, AgentInfo::status)
            .field("model_backend", STRING, AgentInfo::modelBackend)
            .field("started_at", SYSTEM_TIME, AgentInfo::startedAt)
            .field("task", STRING, AgentInfo::task)
            .option("paused_at", SYSTEM_TIME, AgentInfo::pausedAt)
            .option("pause_mode", enumType(PauseMode.class), AgentInfo::pauseMode)
            .option("attach_info", ATTACH_INFO, AgentInfo::attachInfo)
            .build();

    static final StructType<BatchAgentResult> BATCH_AGENT_RESULT = struct("BatchAgentResult",
            a -> new BatchAgentResult(v(a[0]), v(a[1]), v(a[2]), v(a[3])))
            .field("agent_id", UUID_TYPE, BatchAgentResult::agentId)
            .field("success", BOOL, BatchAgentResult::success)
            .option("status", STATUS, BatchAgentResult::status)
            .option("error", STRING, BatchAgentResult::error)
            .build();

    // ---- messages: the fields after the tag

    static final StructType<SpawnRequest> SPAWN_REQUEST = struct("SpawnRequest",
            a -> new SpawnRequest(v(a[0]), v(a[1]), v(a[2]), v(a[3])))
            .field("request_id", STRING, SpawnRequest::requestId)
            .field("config", AGENT_CONFIG, SpawnRequest::config)
            .option("timeout_secs", U64, SpawnRequest::timeoutSecs)
            .option("metadata", STRING_MAP, SpawnRequest::metadata)
            .build();

    static final StructType<SpawnResponse> SPAWN_RESPONSE = struct("SpawnResponse",
            a -> new SpawnResponse(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4])))
            .field("request_id", STRING, SpawnResponse::requestId)
            .field("success", BOOL, SpawnResponse::success)
            .option("agent_info", AGENT_INFO, SpawnResponse::agentInfo)
            .option("error", STRING, SpawnResponse::error)
            .option("server_id", STRING, SpawnResponse::serverId)
            .build();

    static final StructType<ControlCommand> CONTROL_COMMAND = struct("ControlCommand",
            a -> new ControlCommand(v(a[0]), v(a[1]), v(a[2]), v(a[3])))
            .field("request_id", STRING, ControlCommand::requestId)
            .field("agent_id", UUID_TYPE, ControlCommand::agentId)
            .field("command_type", enumType(ControlCommandType.class), ControlCommand::commandType)
            .option("payload", JSON_VALUE, ControlCommand::payload)
            .build();

    static final StructType<CommandResponse> COMMAND_RESPONSE = struct("CommandResponse",
            a -> new CommandResponse(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5])))
            .field("request_id", STRING, CommandResponse::requestId)
            .field("agent_id", UUID_TYPE, CommandResponse::agentId)
            .field("success", BOOL, CommandResponse::success)
            .option("status", STATUS, CommandResponse::status)
            .option("data", JSON_VALUE, CommandResponse::data)
            .option("error", STRING, CommandResponse::error)
            .build();

    static final StructType<StatusUpdate> STATUS_UPDATE = struct("StatusUpdate",
            a -> new StatusUpdate(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5])))
            .field("agent_id", UUID_TYPE, StatusUpdate::agentId)
            .field("update_type", enumType(StatusUpdateType.class), StatusUpdate::updateType)
            .option("status", STATUS, StatusUpdate::status)
            .option("message", STRING, StatusUpdate::message)
            .option("data", JSON_VALUE, StatusUpdate::data)
            .field("timestamp", SYSTEM_TIME, StatusUpdate::timestamp)
            .build();

    static final StructType<ListAgentsRequest> LIST_AGENTS_REQUEST = struct("ListAgentsRequest",
            a -> new ListAgentsRequest(v(a[0]), v(a[1]), v(a[2])))
            .field("request_id", STRING, ListAgentsRequest::requestId)
            .option("filter_status", STATUS, ListAgentsRequest::filterStatus)
            .option("limit", U64, ListAgentsRequest::limit)
            .build();

    static final StructType<ListAgentsResponse> LIST_AGENTS_RESPONSE = struct("ListAgentsResponse",
            a -> new ListAgentsResponse(v(a[0]), v(a[1]), v(a[2]), v(a[3])))
            .field("request_id", STRING, ListAgentsResponse::requestId)
            .field("success", BOOL, ListAgentsResponse::success)
            .defaulted("agents", listOf(AGENT_INFO), ListAgentsResponse::agents, List.of())
            .option("error", STRING, ListAgentsResponse::error)
            .build();

    static final StructType<HealthCheckRequest> HEALTH_CHECK_REQUEST = struct("HealthCheckRequest",
            a -> new HealthCheckRequest(v(a[0])))
            .field("request_id", STRING, HealthCheckRequest::requestId)
            .build();

    static final StructType<HealthCheckResponse> HEALTH_CHECK_RESPONSE = struct("HealthCheckResponse",
            a -> new HealthCheckResponse(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5])))
            .field("request_id", STRING, HealthCheckResponse::requestId)
            .field("healthy", BOOL, HealthCheckResponse::healthy)
            .field("protocol_version", STRING, HealthCheckResponse::protocolVersion)
            .option("uptime_secs", U64, HealthCheckResponse::uptimeSecs)
            .option("active_agents", U64, HealthCheckResponse::activeAgents)
            .option("metadata", STRING_MAP, HealthCheckResponse::metadata)
            .build();

    static final StructType<CustomActionRequest> CUSTOM_ACTION_REQUEST = struct("CustomActionRequest",
            a -> new CustomActionRequest(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4])))
            .field("request_id", STRING, CustomActionRequest::requestId)
            .field("agent_id", UUID_TYPE, CustomActionRequest::agentId)
            .field("action", STRING, CustomActionRequest::action)
            .option("params", JSON_VALUE, CustomActionRequest::params)
            .option("timeout_secs", U64, CustomActionRequest::timeoutSecs)
            .build();

    static final StructType<BatchControlCommand> BATCH_CONTROL_COMMAND = struct("BatchControlCommand",
            a -> new BatchControlCommand(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4])))
            .field("request_id", STRING, BatchControlCommand::requestId)
            .field("agent_ids", listOf(UUID_TYPE), BatchControlCommand::agentIds)
            .field("command_type", enumType(ControlCommandType.class), BatchControlCommand::commandType)
            .option("payload", JSON_VALUE, BatchControlCommand::payload)
            .defaulted("fail_fast", BOOL, BatchControlCommand::failFast, false)
            .build();

    static final StructType<BatchControlResponse> BATCH_CONTROL_RESPONSE = struct("BatchControlResponse",
            a -> new BatchControlResponse(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4])))
            .field("request_id", STRING, BatchControlResponse::requestId)
            .field("success", BOOL, BatchControlResponse::success)
            .field("results", listOf(BATCH_AGENT_RESULT), BatchControlResponse::results)
            .field("successful", U64, BatchControlResponse::successful)
            .field("failed", U64, BatchControlResponse::failed)
            .build();

    static final StructType<OutputQueryRequest> OUTPUT_QUERY_REQUEST = struct("OutputQueryRequest",
            a -> new OutputQueryRequest(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5])))
            .field("request_id", STRING, OutputQueryRequest::requestId)
            .field("agent_id", UUID_TYPE, OutputQueryRequest::agentId)
            .field("stream", enumType(ZmqOutputStream.class), OutputQueryRequest::stream)
            .option("filter", STRING, OutputQueryRequest::filter)
            .option("limit", U64, OutputQueryRequest::limit)
            .option("offset", U64, OutputQueryRequest::offset)
            .build();

    static final StructType<OutputQueryResponse> OUTPUT_QUERY_RESPONSE = struct("OutputQueryResponse",
            a -> new OutputQueryResponse(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5]), v(a[6])))
            .field("request_id", STRING, OutputQueryResponse::requestId)
            .field("agent_id", UUID_TYPE, OutputQueryResponse::agentId)
            .field("success", BOOL, OutputQueryResponse::success)
            .defaulted("lines", listOf(STRING), OutputQueryResponse::lines, List.of())
            .option("total_lines", U64, OutputQueryResponse::totalLines)
            .defaulted("has_more", BOOL, OutputQueryResponse::hasMore, false)
            .option("error", STRING, OutputQueryResponse::error)
            .build();

    static final StructType<LogStream> LOG_STREAM = struct("LogStream",
            a -> new LogStream(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4])))
            .field("agent_id", UUID_TYPE, LogStream::agentId)
            .field("stream_type", enumType(LogStreamType.class), LogStream::streamType)
            .field("data", BYTES, LogStream::data)
            .field("timestamp", SYSTEM_TIME, LogStream::timestamp)
            .field("sequence", U64, LogStream::sequence)
            .build();

    static final StructType<EventAck> EVENT_ACK = struct("EventAck",
            a -> new EventAck(v(a[0]), v(a[1]), v(a[2])))
            .field("key", STRING, EventAck::key)
            .field("event_id", U64, EventAck::eventId)
            .field("duplicate", BOOL, EventAck::duplicate)
            .build();

    static final StructType<RunnerRegister> RUNNER_REGISTER = struct("RunnerRegister",
            a -> new RunnerRegister(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4])))
            .field("runner_id", STRING, RunnerRegister::runnerId)
            .field("command_address", STRING, RunnerRegister::commandAddress)
            .field("capacity", U32, RunnerRegister::capacity)
            .defaulted("labels", STRING_MAP, RunnerRegister::labels, Map.of())
            .defaulted("backends", listOf(STRING), RunnerRegister::backends, List.of())
            .build();

    static final StructType<RunnerHeartbeat> RUNNER_HEARTBEAT = struct("RunnerHeartbeat",
            a -> new RunnerHeartbeat(v(a[0]), v(a[1])))
            .field("runner_id", STRING, RunnerHeartbeat::runnerId)
            .field("active_agents", U32, RunnerHeartbeat::activeAgents)
            .build();

    static final StructType<RunnerUnregister> RUNNER_UNREGISTER = struct("RunnerUnregister",
            a -> new RunnerUnregister(v(a[0])))
            .field("runner_id", STRING, RunnerUnregister::runnerId)
            .build();

    static final StructType<RunnerAck> RUNNER_ACK = struct("RunnerAck",
            a -> new RunnerAck(v(a[0]), v(a[1])))
            .field("runner_id", STRING, RunnerAck::runnerId)
            .field("known", BOOL, RunnerAck::known)
            .build();

    static final StructType<BusMessage> BUS_MESSAGE = struct("BusMessage",
            a -> new BusMessage(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5]), v(a[6]), v(a[7]), v(a[8]),
                    v(a[9]), v(a[10]), v(a[11]), v(a[12]), v(a[13])))
            .field("id", STRING, BusMessage::id)
            .field("kind", enumType(BusKind.class), BusMessage::kind)
            .field("sender", STRING, BusMessage::sender)
            .option("recipient", STRING, BusMessage::recipient)
            .option("topic", STRING, BusMessage::topic)
            .option("channel", STRING, BusMessage::channel)
            .option("request_id", STRING, BusMessage::replyTo)
            .option("correlation_id", STRING, BusMessage::correlationId)
            .option("payload", JSON_VALUE, BusMessage::payload)
            .field("priority", U32, BusMessage::priority)
            .field("timestamp", SYSTEM_TIME, BusMessage::timestamp)
            .defaulted("attempts", U32, BusMessage::attempts, 0L)
            .defaulted("requires_ack", BOOL, BusMessage::requiresAck, false)
            .option("ttl_secs", U64, BusMessage::ttlSecs)
            .build();

    static final StructType<BusAttach> BUS_ATTACH = struct("BusAttach",
            a -> new BusAttach(v(a[0])))
            .field("address", STRING, BusAttach::address)
            .build();

    static final StructType<BusSubscription> BUS_SUBSCRIPTION = struct("BusSubscription",
            a -> new BusSubscription(v(a[0]), v(a[1]), v(a[2])))
            .field("address", STRING, BusSubscription::address)
            .field("action", enumType(BusMembershipAction.class), BusSubscription::action)
            .field("name", STRING, BusSubscription::name)
            .build();

    static final StructType<BusReply> BUS_REPLY = struct("BusReply",
            a -> new BusReply(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5])))
            .field("ref", STRING, BusReply::ref)
            .field("ok", BOOL, BusReply::ok)
            .option("stored_id", U64, BusReply::storedId)
            .defaulted("duplicate", BOOL, BusReply::duplicate, false)
            .option("code", STRING, BusReply::code)
            .option("error", STRING, BusReply::error)
            .build();

    static final StructType<WorkspaceRequest> WORKSPACE_REQUEST = struct("WorkspaceRequest",
            a -> new WorkspaceRequest(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5])))
            .field("request_id", STRING, WorkspaceRequest::requestId)
            .field("agent_id", STRING, WorkspaceRequest::agentId)
            .field("op", enumType(WorkspaceOp.class), WorkspaceRequest::op)
            .option("revision", STRING, WorkspaceRequest::revision)
            .option("message", STRING, WorkspaceRequest::message)
            .option("event_id", U64, WorkspaceRequest::eventId)
            .build();

    static final StructType<WorkspaceResponse> WORKSPACE_RESPONSE = struct("WorkspaceResponse",
            a -> new WorkspaceResponse(v(a[0]), v(a[1]), v(a[2]), v(a[3]), v(a[4]), v(a[5]), v(a[6]), v(a[7]), v(a[8]),
                    v(a[9])))
            .field("request_id", STRING, WorkspaceResponse::requestId)
            .field("success", BOOL, WorkspaceResponse::success)
            .option("commit", STRING, WorkspaceResponse::commit)
            .option("event_id", U64, WorkspaceResponse::eventId)
            .defaulted("backup", BOOL, WorkspaceResponse::backup, false)
            .defaulted("added", listOf(STRING), WorkspaceResponse::added, List.of())
            .defaulted("modified", listOf(STRING), WorkspaceResponse::modified, List.of())
            .defaulted("deleted", listOf(STRING), WorkspaceResponse::deleted, List.of())
            .option("code", STRING, WorkspaceResponse::code)
            .option("error", STRING, WorkspaceResponse::error)
            .build();
}
