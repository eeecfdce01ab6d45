package io.descartes.hub.timetravel;

import static io.descartes.hub.timetravel.BrainState.text;

import java.sql.SQLException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.ProtocolException;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.store.EventRow;

/**
 * Brain restore: rebuilds an agent's {@link BrainState} by folding its events in id order.
 * Status comes from status updates, spawn responses and command responses; the context (name,
 * task, context, backend) from the spawn request and response; output positions from log_stream
 * chunks. A recorded rewind sets the whole state to what it rewound to, so replaying across
 * rewinds gives what the agent had then.
 */
public final class BrainReplay {

    static final String REWIND_EVENT = "rewind";

    private final AgentEventLog log;
    private final ObjectMapper mapper;

    public BrainReplay(AgentEventLog log, ObjectMapper mapper) {
        this.log = log;
        this.mapper = mapper;
    }

    /** The agent's state after its events up to and including {@code upTo}. */
    public BrainState stateAt(String agentId, long upTo) throws SQLException {
        BrainState[] state = {BrainState.EMPTY};
        log.replay(agentId, upTo, row -> state[0] = apply(state[0], row));
        return state[0];
    }

    BrainState apply(BrainState state, EventRow row) throws SQLException {
        JsonNode content = parse(row.content());
        BrainState next = switch (row.eventType()) {
            case "status_update", "command_response" -> text(content, "status") == null
                    ? state : state.withStatus(text(content, "status"));
            case "log_stream" -> withOutput(state, content);
            case "spawn_request" -> fromConfig(state, content.path("config"));
            case "spawn_response" -> fromSpawnResponse(state, content, row.id());
            case REWIND_EVENT -> BrainState.fromJson(content.path("state").path("after"));
            default -> state;
        };
        return next.at(row.id());
    }

    /** Read by the protocol's one reader: stored output is text or base64 now, an array of bytes in older rows. */
    private static BrainState withOutput(BrainState state, JsonNode content) {
        try {
            if (ProtocolJson.fromJson(content) instanceof LogStream chunk) {
                return state.withOutput(chunk.streamType().wire(), chunk.sequence(), chunk.data().length);
            }
        } catch (ProtocolException e) {
            // a row that is not a log_stream carries no output to replay
        }
        return state;
    }

    private static BrainState fromConfig(BrainState state, JsonNode config) {
        return state.withContext(text(config, "name"), text(config, "task"), text(config, "context"),
                text(config, "model_backend"));
    }

    /** The response names the agent; the context it was given is in the request it answers. */
    private BrainState fromSpawnResponse(BrainState state, JsonNode response, long responseId) throws SQLException {
        JsonNode info = response.path("agent_info");
        if (!info.isObject()) {
            return state;
        }
        String requestId = text(response, "request_id");
        Optional<String> request = requestId == null ? Optional.empty()
                : log.spawnRequestContent(requestId, responseId, mapper);
        BrainState next = request.isPresent() ? fromConfig(state, parse(request.get()).path("config")) : state;
        next = next.withContext(text(info, "name"), text(info, "task"), null, text(info, "model_backend"));
        return text(info, "status") == null ? next : next.withStatus(text(info, "status"));
    }

    private JsonNode parse(String content) {
        try {
            return mapper.readTree(content);
        } catch (JsonProcessingException e) {
            // a row whose content is not JSON carries nothing to replay
            return mapper.createObjectNode();
        }
    }
}
