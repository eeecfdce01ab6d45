package io.descartes.hub.agents;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.CustomActionRequest;
import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * control_command and custom_action_request → command_response (bean {@code controlResponder}).
 * The response's status is the agent's status after the command, failed or not. A resume of a
 * rewound agent without a process respawns it from its restored workspace and context.
 */
public final class ControlResponder implements Processor {

    /** Exchange property: the command_response of a query {@link #answerQuery} answered before its request was recorded. */
    public static final String ANSWER = "DescartesAnswer";
    /**
     * Exchange property: the status changes the command made ({@link HeldStatusChanges}), a list of status_updates to
     * record right before its response, in its commit.
     */
    public static final String STATUS_CHANGES = "DescartesStatusChanges";
    /** The commands that only read an agent: answering one changes nothing, so it need not wait for its request's commit. */
    private static final Set<ControlCommandType> QUERIES =
            EnumSet.of(ControlCommandType.GET_STATUS, ControlCommandType.QUERY_OUTPUT, ControlCommandType.STREAM_LOGS);

    private final EmbeddedRunner runner;
    private final AgentCommands commands;
    private final RestoredConfigs restoredConfigs;
    private final HeldStatusChanges statusChanges;

    public ControlResponder(EmbeddedRunner runner, AgentCommands commands, RestoredConfigs restoredConfigs,
                            HeldStatusChanges statusChanges) {
        this.runner = runner;
        this.commands = commands;
        this.restoredConfigs = restoredConfigs;
        this.statusChanges = statusChanges;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (body instanceof CustomActionRequest r) {
            JsonNode payload = JsonNodeFactory.instance.objectNode().put("action", r.action()).set("params", r.params());
            exchange.getMessage().setBody(respond(exchange, r.requestId(), r.agentId(), ControlCommandType.CUSTOM_ACTION,
                    payload));
        } else {
            ControlCommand c = exchange.getMessage().getMandatoryBody(ControlCommand.class);
            exchange.getMessage().setBody(respond(exchange, c.requestId(), c.agentId(), c.commandType(), c.payload()));
        }
    }

    /**
     * A query ({@link #QUERIES}) about an agent the embedded runner holds is answered now, into {@link #ANSWER}, so that
     * its request and its response are recorded in one commit (routes/commands.camel.yaml); anything else is left to
     * be served after its request is recorded.
     */
    public void answerQuery(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof ControlCommand c && QUERIES.contains(c.commandType())
                && c.agentId() != null && runner.has(c.agentId())) {
            exchange.setProperty(ANSWER, respond(exchange, c.requestId(), c.agentId(), c.commandType(), c.payload()));
        }
    }

    private CommandResponse respond(Exchange exchange, String requestId, UUID agentId, ControlCommandType type,
                                    JsonNode payload) {
        RunningAgent agent = null;
        try {
            Optional<AgentConfig> restored = type == ControlCommandType.RESUME && !hasProcess(agentId)
                    ? restoredConfigs.of(agentId, payload) : Optional.empty();
            JsonNode data;
            if (restored.isPresent()) {
                agent = runner.respawn(agentId, restored.get());
                data = JsonNodeFactory.instance.objectNode().put("resumed", true).put("respawned", true)
                        .put("pid", agent.pid());
            } else {
                RunningAgent target = runner.get(agentId);
                agent = target;
                data = execute(exchange, target, type, payload);
            }
            return new CommandResponse(requestId, agentId, true, agent.status(), data, null);
        } catch (Exception e) {
            AgentFailure failure = AgentFailure.of(e);
            failure.mark(exchange);
            AgentStatus status = agent == null ? null : agent.status();
            return new CommandResponse(requestId, agentId, false, status, null, failure.getMessage());
        }
    }

    /** The command's status changes go with its response ({@link #STATUS_CHANGES}), failed or not. */
    private JsonNode execute(Exchange exchange, RunningAgent agent, ControlCommandType type, JsonNode payload)
            throws InterruptedException {
        List<ZmqMessage> changes = new ArrayList<>(1);
        try {
            return statusChanges.holding(changes, () -> commands.execute(agent, type, payload));
        } finally {
            if (!changes.isEmpty()) {
                exchange.setProperty(STATUS_CHANGES, changes);
            }
        }
    }

    private boolean hasProcess(UUID agentId) {
        return runner.has(agentId) && !runner.get(agentId).status().isTerminal();
    }
}
