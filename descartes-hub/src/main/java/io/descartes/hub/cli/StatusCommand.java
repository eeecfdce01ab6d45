package io.descartes.hub.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code GET /api/agents/{id}}: one agent as the registry records it. */
@Command(name = "status", description = "Show one agent: status, backend, runner, process, times")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Parameters(paramLabel = "AGENT_ID", description = "The agent's id (descartes ps lists them)")
    UUID agent;

    @Override
    public Integer call() {
        JsonNode a = descartes.options.client().get("/api/agents/" + agent);
        if (descartes.options.json) {
            Views.json(System.out, a);
            return DescartesCli.OK;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", Views.text(a.get("id")));
        fields.put("name", Views.text(a.get("name")));
        fields.put("status", Views.status(a));
        fields.put("backend", Views.text(a.get("model_backend")));
        fields.put("task", Views.text(a.get("task")));
        fields.put("runner", Views.runner(a));
        fields.put("pid", Views.text(a.get("pid")));
        fields.put("exit code", Views.text(a.get("exit_code")));
        fields.put("created", Views.time(a.get("created_at")));
        fields.put("started", Views.time(a.get("started_at")));
        fields.put("paused", Views.time(a.get("paused_at")));
        fields.put("ended", Views.time(a.get("ended_at")));
        fields.put("updated", Views.time(a.get("updated_at")));
        fields.forEach((field, value) -> System.out.printf("%-10s %s%n", field, value.isEmpty() ? "-" : value));
        return DescartesCli.OK;
    }
}
