package io.descartes.hub.timetravel;

import static io.descartes.hub.timetravel.BrainState.text;

import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.store.EventRow;

/**
 * Brain restore: rebuilds an agent's {@link BrainState} by folding its events in id order.
 * Status comes from status updates, spawn responses and command responses; the context from the
 * spawn request and response; output positions from log_stream chunks. A recorded rewind sets the
 * whole state to what it rewound to, so replaying across rewinds gives what the agent had then.
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

    BrainState apply(BrainState state, EventRow row) {
        JsonNode content = parse(row);
        BrainState next = switch (row.eventType()) {
            case "status_update", "command_response" -> text(content, "status") == null
                    ? state : state.withStatus(text(content, "status"));
            case "log_stream" -> state.withOutput(content.path("stream_type").asText(),
                    content.path("sequence").asLong(), content.path("data").size());
            case "spawn_request" -> fromConfig(state, content.path("config"));
            case "spawn_response" -> fromAgentInfo(state, content.path("agent_info"));
            case REWIND_EVENT -> BrainState.fromJson(content.path("state").path("after"));
            default -> state;
        };
        return next.at(row.id());
    }

    private static BrainState fromConfig(BrainState state, JsonNode config) {
        return state.withContext(text(config, "name"), text(config, "task"), text(config, "context"),
                text(config, "model_backend"));
    }

    private static BrainState fromAgentInfo(BrainState state, JsonNode info) {
        if (!info.isObject()) {
            return state;
        }
        BrainState next = state.withContext(text(info, "name"), text(info, "task"), null, text(info, "model_backend"));
        return text(info, "status") == null ? next : next.withStatus(text(info, "status"));
    }

    private JsonNode parse(EventRow row) {
        try {
            return mapper.readTree(row.content());
        } catch (JsonProcessingException e) {
            // a row whose content is not JSON carries nothing to replay
            return mapper.createObjectNode();
        }
    }
}
