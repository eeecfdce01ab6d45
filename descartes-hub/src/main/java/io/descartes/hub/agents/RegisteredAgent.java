package io.descartes.hub.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.http.Json;
import io.descartes.hub.protocol.AgentInfo;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.PauseMode;
import io.descartes.hub.protocol.ViewTime;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.store.AgentRow;

/**
 * An agent as the registry ({@code agents} row, its metadata JSON and its runner) records it: what the API, ZMQ
 * and the dashboard report, the same after a restart and for remote agents. Absent facts are null.
 */
public record RegisteredAgent(UUID id, String name, AgentStatus status, String statusReason, String modelBackend,
                              String task, String runnerId, Long pid, Long exitCode, Instant createdAt,
                              Instant startedAt, Instant endedAt, Instant updatedAt, Instant pausedAt,
                              PauseMode pauseMode) {

    private static final ObjectMapper JSON = Json.MAPPER;

    public static RegisteredAgent of(AgentRow row) {
        JsonNode meta = metadata(row.metadata());
        String pauseMode = text(meta, "pause_mode");
        return new RegisteredAgent(UUID.fromString(row.id()), row.name(), AgentStatus.fromWire(row.status()),
                text(meta, "status_reason"), text(meta, "backend"), text(meta, "task"), row.runnerId(),
                number(meta, "pid"), number(meta, "exit_code"), Instant.ofEpochSecond(row.createdAt()),
                time(meta, "started_at"), time(meta, "ended_at"), Instant.ofEpochSecond(row.updatedAt()),
                time(meta, "paused_at"), pauseMode == null ? null : PauseMode.fromWire(pauseMode));
    }

    /** The protocol's form (list_agents_response); a row from before start times were kept started when created. */
    public AgentInfo info() {
        return new AgentInfo(id, name, status, modelBackend == null ? "" : modelBackend,
                WireTime.of(startedAt == null ? createdAt : startedAt), task == null ? "" : task,
                pausedAt == null ? null : WireTime.of(pausedAt), pauseMode, null);
    }

    /** The JSON view (HTTP API, dashboard): every time via {@link ViewTime}, absent values as null. */
    public ObjectNode toView() {
        ObjectNode view = JSON.createObjectNode().put("id", id.toString()).put("name", name)
                .put("status", status.wire()).put("status_reason", statusReason).put("model_backend", modelBackend)
                .put("task", task).put("runner_id", runnerId).put("pid", pid).put("exit_code", exitCode);
        view.put("created_at", ViewTime.format(createdAt)).put("started_at", ViewTime.format(startedAt))
                .put("ended_at", ViewTime.format(endedAt)).put("updated_at", ViewTime.format(updatedAt))
                .put("paused_at", ViewTime.format(pausedAt)).put("pause_mode", pauseMode == null ? null : pauseMode.wire());
        return view;
    }

    private static JsonNode metadata(String text) {
        try {
            return text == null ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("agents row metadata is not JSON", e);
        }
    }

    private static String text(JsonNode meta, String key) {
        JsonNode value = meta.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long number(JsonNode meta, String key) {
        JsonNode value = meta.get(key);
        return value == null || !value.isIntegralNumber() ? null : value.longValue();
    }

    private static Instant time(JsonNode meta, String key) {
        String value = text(meta, key);
        return value == null ? null : Instant.parse(value);
    }
}
