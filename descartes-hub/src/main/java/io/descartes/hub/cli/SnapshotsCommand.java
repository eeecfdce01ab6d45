package io.descartes.hub.cli;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.ProtocolJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code GET /api/snapshots?agent_id=}, every page: what a rewind can go back to. */
@Command(name = "snapshots", description = "List an agent's snapshots, oldest first (the targets of rewind --snapshot)")
final class SnapshotsCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Parameters(paramLabel = "AGENT_ID", description = "The agent's id")
    UUID agent;

    @Override
    public Integer call() {
        List<JsonNode> snapshots = descartes.options.client()
                .all("/api/snapshots", "agent_id=" + agent, "snapshots", null);
        if (descartes.options.json) {
            Views.json(System.out, ProtocolJson.MAPPER.valueToTree(snapshots));
        } else if (snapshots.isEmpty()) {
            System.out.println("no snapshots of " + agent);
        } else {
            Table table = new Table("ID", "CREATED", "COMMIT", "LAST EVENT", "DESCRIPTION");
            snapshots.forEach(s -> table.row(Views.text(s.get("id")), Views.time(s.get("created_at")),
                    Views.text(s.get("git_commit")).substring(0, 12), Views.text(s.get("last_event_id")),
                    Views.text(s.get("description"))));
            table.print(System.out);
        }
        return DescartesCli.OK;
    }
}
