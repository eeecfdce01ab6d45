package io.descartes.hub.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.BatchAgentResult;
import io.descartes.hub.protocol.BatchControlCommand;
import io.descartes.hub.protocol.BatchControlResponse;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * batch_control_command → batch_control_response (bean {@code batchControlResponder}): the command
 * on each agent in order, one result per agent. With fail_fast, the agents after the first failure
 * are not touched and reported as failed with a "skipped" error. An agent the embedded runner does not hold is
 * sent the command where it runs (a remote runner), as one control_command.
 */
public final class BatchControlResponder implements Processor {

    private final EmbeddedRunner runner;
    private final AgentCommands commands;
    private final AgentsElsewhere elsewhere;

    public BatchControlResponder(EmbeddedRunner runner, AgentCommands commands, AgentsElsewhere elsewhere) {
        this.runner = runner;
        this.commands = commands;
        this.elsewhere = elsewhere;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        BatchControlCommand batch = exchange.getMessage().getMandatoryBody(BatchControlCommand.class);
        List<BatchAgentResult> results = new ArrayList<>();
        boolean failed = false;
        for (UUID id : batch.agentIds()) {
            if (failed && batch.failFast()) {
                results.add(new BatchAgentResult(id, false, null, "skipped: an earlier agent failed (fail_fast)"));
                continue;
            }
            BatchAgentResult result = runner.has(id) ? here(id, batch) : elsewhere(id, batch);
            failed |= !result.success();
            results.add(result);
        }
        long ok = results.stream().filter(BatchAgentResult::success).count();
        exchange.getMessage().setBody(new BatchControlResponse(batch.requestId(), ok == results.size(), results, ok,
                results.size() - ok));
    }

    private BatchAgentResult here(UUID id, BatchControlCommand batch) {
        RunningAgent agent = null;
        try {
            agent = runner.get(id);
            commands.execute(agent, batch.commandType(), batch.payload());
            return new BatchAgentResult(id, true, agent.status(), null);
        } catch (Exception e) {
            AgentStatus status = agent == null ? null : agent.status();
            return new BatchAgentResult(id, false, status, AgentFailure.of(e).getMessage());
        }
    }

    private BatchAgentResult elsewhere(UUID id, BatchControlCommand batch) {
        try {
            CommandResponse response = elsewhere.control(new ControlCommand(batch.requestId() + "/" + id, id,
                    batch.commandType(), batch.payload()));
            return new BatchAgentResult(id, response.success(), response.status(), response.error());
        } catch (Exception e) {
            return new BatchAgentResult(id, false, null, AgentFailure.of(e).getMessage());
        }
    }
}
