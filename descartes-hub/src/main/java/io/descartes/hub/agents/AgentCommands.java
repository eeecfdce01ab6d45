package io.descartes.hub.agents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.PauseMode;
import io.descartes.hub.protocol.ProtocolJson;

/**
 * The twelve control_command types on an embedded agent, with upstream's payload conventions and
 * success data (PROTOCOL §4.3); get_status uses the lowercase status (§12.3).
 */
public final class AgentCommands {

    /** Upstream's accepted signal spellings, lowercased, to the POSIX name sent. */
    private static final Map<String, String> SIGNALS = Map.ofEntries(
            Map.entry("interrupt", "INT"), Map.entry("sigint", "INT"), Map.entry("int", "INT"),
            Map.entry("terminate", "TERM"), Map.entry("sigterm", "TERM"), Map.entry("term", "TERM"),
            Map.entry("kill", "KILL"), Map.entry("sigkill", "KILL"),
            Map.entry("stop", "STOP"), Map.entry("sigstop", "STOP"), Map.entry("pause", "STOP"),
            Map.entry("force_pause", "STOP"),
            Map.entry("continue", "CONT"), Map.entry("sigcont", "CONT"), Map.entry("cont", "CONT"),
            Map.entry("resume", "CONT"));
    private static final String VALID_SIGNALS = "interrupt/sigint/int, terminate/sigterm/term, kill/sigkill, "
            + "stop/sigstop/pause/force_pause, continue/sigcont/cont/resume";

    private final EmbeddedRunner runner;
    private final CustomActions customActions;
    private final ObjectMapper json;
    private final String pubEndpoint;

    public AgentCommands(EmbeddedRunner runner, CustomActions customActions, ObjectMapper json, String pubEndpoint) {
        this.runner = runner;
        this.customActions = customActions;
        this.json = json;
        this.pubEndpoint = pubEndpoint;
    }

    /** Runs the command; returns the success data (null for stop and kill, as upstream). */
    public JsonNode execute(RunningAgent agent, ControlCommandType type, JsonNode payload) throws InterruptedException {
        return switch (type) {
            case PAUSE -> {
                PauseMode mode = payload != null && payload.path("force").asBoolean(false)
                        ? PauseMode.FORCED : PauseMode.COOPERATIVE;
                runner.pause(agent, mode);
                yield json.createObjectNode().put("mode", mode.wire()).put("paused", true);
            }
            case RESUME -> {
                runner.resume(agent);
                yield json.createObjectNode().put("resumed", true);
            }
            case STOP -> {
                runner.stop(agent);
                agent.awaitFinished(runner.stopWaitMillis());
                yield null;
            }
            case KILL -> {
                runner.kill(agent);
                agent.awaitFinished(runner.stopWaitMillis());
                yield null;
            }
            case GET_STATUS -> status(agent);
            case WRITE_STDIN -> json.createObjectNode().put("bytes_written", writeStdin(agent, payload));
            case READ_STDOUT -> read(agent, LogStreamType.STDOUT);
            case READ_STDERR -> read(agent, LogStreamType.STDERR);
            case SIGNAL -> signal(agent, payload);
            case CUSTOM_ACTION -> {
                JsonNode action = payload == null ? null : payload.get("action");
                if (action == null || !action.isTextual()) {
                    throw AgentFailure.invalid("CustomAction requires payload with 'action' field");
                }
                JsonNode params = payload.hasNonNull("params") ? payload.get("params") : NullNode.getInstance();
                yield customActions.run(agent, action.textValue(), params);
            }
            case QUERY_OUTPUT -> queryOutput(agent, payload);
            case STREAM_LOGS -> json.createObjectNode().put("enabled", true)
                    .put("instructions", "Connect SUB socket to pub_endpoint, subscribe to topic filter")
                    .put("pub_endpoint", pubEndpoint).put("topic", agent.id().toString());
        };
    }

    /** Upstream's {"status"} plus what the hub knows of the process (additive keys). */
    private ObjectNode status(RunningAgent agent) {
        ObjectNode data = json.createObjectNode().put("status", agent.status().wire());
        data.set("agent_info", ProtocolJson.toSerdeJson(agent.info()));
        data.put("pid", agent.pid());
        data.put("workspace", agent.workspace().toString());
        Integer exit = agent.exitCode();
        if (exit != null) {
            data.put("exit_code", exit);
        }
        return data;
    }

    private int writeStdin(RunningAgent agent, JsonNode payload) {
        JsonNode data = payload == null ? null : payload.get("data");
        byte[] bytes;
        if (data != null && data.isTextual()) {
            bytes = data.textValue().getBytes(StandardCharsets.UTF_8);
        } else if (data != null && data.isArray()) {
            bytes = new byte[data.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) data.get(i).asInt();
            }
        } else {
            throw AgentFailure.invalid("WriteStdin requires payload with 'data' field (string or byte array)");
        }
        if (agent.status().isTerminal()) {
            throw AgentFailure.conflict("Cannot write_stdin to agent " + agent.id() + ": it is " + agent.status().wire());
        }
        try {
            agent.stdin().writeAndWait(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentFailure.error("write_stdin to agent " + agent.id() + " was interrupted");
        } catch (IOException e) {
            throw AgentFailure.conflict("stdin of agent " + agent.id() + " is closed: " + e.getMessage());
        }
        return bytes.length;
    }

    private ObjectNode read(RunningAgent agent, LogStreamType stream) {
        String text = agent.output().readUnread(stream);
        ObjectNode data = json.createObjectNode();
        if (text == null) {
            return data.put("bytes", 0).putNull("data").put("message", "No data available in " + stream.wire() + " buffer");
        }
        return data.put("bytes", text.getBytes(StandardCharsets.UTF_8).length).put("data", text);
    }

    private ObjectNode signal(RunningAgent agent, JsonNode payload) {
        JsonNode given = payload == null ? null : payload.get("signal");
        String name = given == null || !given.isTextual() ? null : SIGNALS.get(given.textValue().toLowerCase(Locale.ROOT));
        if (name == null) {
            throw AgentFailure.invalid("Unknown signal '" + (given == null ? "" : given.asText()) + "'. Valid signals: "
                    + VALID_SIGNALS);
        }
        runner.signal(agent, name);
        return json.createObjectNode().put("signal_sent", given.textValue());
    }

    private ObjectNode queryOutput(RunningAgent agent, JsonNode payload) {
        int max = payload == null ? 100 : payload.path("max_lines").asInt(100);
        ObjectNode data = json.createObjectNode();
        for (LogStreamType stream : List.of(LogStreamType.STDERR, LogStreamType.STDOUT)) {
            boolean wanted = payload == null || payload.path(stream.wire()).asBoolean(true);
            List<String> lines = wanted ? agent.output().lines(l -> l.stream() == stream) : List.of();
            List<String> last = lines.subList(Math.max(0, lines.size() - max), lines.size());
            data.set(stream.wire(), json.valueToTree(last));
            data.put(stream.wire() + "_lines", last.size());
        }
        return data;
    }
}
