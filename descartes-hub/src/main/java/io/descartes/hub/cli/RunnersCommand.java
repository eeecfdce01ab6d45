package io.descartes.hub.cli;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code GET /api/runners}: the remote runners the hub knows, live or not. */
@Command(name = "runners", description = "List the remote runners: state, load, labels, backends, last heartbeat")
final class RunnersCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Override
    public Integer call() {
        JsonNode runners = descartes.options.client().get("/api/runners").get("runners");
        if (descartes.options.json) {
            Views.json(System.out, runners);
        } else if (runners.isEmpty()) {
            System.out.println("no remote runners (agents run on the hub's embedded runner)");
        } else {
            Table table = new Table("ID", "STATE", "LOAD", "LABELS", "BACKENDS", "ADDRESS", "LAST HEARTBEAT");
            runners.forEach(r -> table.row(Views.text(r.get("id")), Views.text(r.get("state")),
                    Views.text(r.get("load")) + "/" + Views.text(r.get("capacity")), labels(r.get("labels")),
                    StreamSupport.stream(r.path("backends").spliterator(), false).map(JsonNode::asText)
                            .collect(Collectors.joining(",")),
                    Views.text(r.get("address")), Views.time(r.get("last_heartbeat"))));
            table.print(System.out);
        }
        return DescartesCli.OK;
    }

    private static String labels(JsonNode labels) {
        return labels.properties().stream().map(e -> e.getKey() + "=" + e.getValue().asText())
                .collect(Collectors.joining(","));
    }
}
