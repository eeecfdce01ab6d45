package io.descartes.hub.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.ProtocolJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code GET /api/agents}, every page: the registry's agents, oldest first. */
@Command(name = "ps", aliases = "list", description = "List the agents that have not ended (-a: all of them)")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Option(names = {"-a", "--all"}, description = "Also the agents that ended (completed, failed, terminated)")
    boolean all;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only agents in this status (idle, "
            + "initializing, running, thinking, paused, completed, failed, terminated)")
    String status;

    @Override
    public Integer call() {
        String query = status == null ? "" : "status=" + HubClient.encode(status);
        List<JsonNode> agents = descartes.options.client().all("/api/agents", query, "agents", null)
                .stream().filter(a -> all || status != null
                        || !AgentStatus.fromWire(a.get("status").asText()).isTerminal()).toList();
        if (descartes.options.json) {
            Views.json(System.out, ProtocolJson.MAPPER.valueToTree(agents));
        } else if (agents.isEmpty()) {
            System.out.println(all || status != null ? "no agents" : "no agent is active (descartes ps -a lists all)");
        } else {
            Views.agents(agents).print(System.out);
        }
        return DescartesCli.OK;
    }
}
