package io.descartes.hub.cli;

import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.ProtocolJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code POST /api/snapshots}: commit the agent's workspace now, linked to its last recorded event. */
@Command(name = "snapshot", description = "Take a snapshot of an agent's workspace (a git commit) and state")
final class SnapshotCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Parameters(paramLabel = "AGENT_ID", description = "The agent's id")
    UUID agent;

    @Option(names = {"-m", "--message"}, description = "What the snapshot is, kept as its description")
    String message;

    @Override
    public Integer call() {
        ObjectNode request = ProtocolJson.MAPPER.createObjectNode().put("agent_id", agent.toString());
        if (message != null) {
            request.put("description", message);
        }
        JsonNode snapshot = descartes.options.client().post("/api/snapshots", request);
        if (descartes.options.json) {
            Views.json(System.out, snapshot);
        } else {
            System.out.println("snapshot " + Views.text(snapshot.get("id")) + " of " + agent + ": commit "
                    + Views.text(snapshot.get("git_commit")) + ", up to event "
                    + Views.text(snapshot.get("last_event_id")));
        }
        return DescartesCli.OK;
    }
}
