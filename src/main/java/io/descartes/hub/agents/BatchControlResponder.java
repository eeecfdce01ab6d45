package io.descartes.hub.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.BatchAgentResult;
import io.descartes.hub.protocol.BatchControlCommand;
import io.descartes.hub.protocol.BatchControlResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * batch_control_command → batch_control_response (bean {@code batchControlResponder}): the command
 * on each agent in order, one result per agent. With fail_fast, the agents after the first failure
 * are not touched and reported as failed with a "skipped" error.
 */
public final class BatchControlResponder implements Processor {

    private final EmbeddedRunner runner;
    private final AgentCommands commands;

    public BatchControlResponder(EmbeddedRunner runner, AgentCommands commands) {
        this.runner = runner;
        this.commands = commands;
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
            RunningAgent agent = null;
            try {
                agent = runner.get(id);
                commands.execute(agent, batch.commandType(), batch.payload());
                results.add(new BatchAgentResult(id, true, agent.status(), null));
            } catch (Exception e) {
                failed = true;
                AgentStatus status = agent == null ? null : agent.status();
                results.add(new BatchAgentResult(id, false, status, AgentFailure.of(e).getMessage()));
            }
        }
        long ok = results.stream().filter(BatchAgentResult::success).count();
        exchange.getMessage().setBody(new BatchControlResponse(batch.requestId(), ok == results.size(), results, ok,
                results.size() - ok));
    }
}
