package io.descartes.hub.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.ProtocolJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code POST /api/agents}: upstream's {@code descartes spawn --task ... --provider ...}. */
@Command(name = "spawn",
        description = "Start an agent: a process of one of the hub's backends, in a workspace of its own")
final class SpawnCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Option(names = {"-t", "--task"}, required = true, description = "The task or prompt for the agent")
    String task;

    @Option(names = {"-b", "--backend", "-p", "--provider"}, required = true, paramLabel = "BACKEND",
            description = "The hub's backend that runs it (model_backend): demo, echo, or one of hub.agents.backends.*")
    String backend;

    @Option(names = {"-n", "--name"}, description = "The agent's name (default: the backend's)")
    String name;

    @Option(names = {"-m", "--model"}, description = "Model, passed on to the backend")
    String model;

    @Option(names = {"-s", "--system"}, paramLabel = "PROMPT", description = "System prompt, passed on to the backend")
    String system;

    @Option(names = "--context", description = "Context, in the agent's DESCARTES_CONTEXT")
    String context;

    @Option(names = "--tool-level", paramLabel = "LEVEL", description = "Tool level, passed on to the backend")
    String toolLevel;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE",
            description = "An environment variable for the agent (only names its backend allows)")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = {"-l", "--label"}, paramLabel = "NAME=VALUE",
            description = "Place it on a runner with this label (metadata label.NAME)")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--secret", paramLabel = "NAME", split = ",",
            description = "A secret of the hub's vault the agent gets in its environment (metadata secrets)")
    List<String> secrets = List.of();

    @Option(names = {"-f", "--follow"}, description = "Then print its output as it comes, until it ends")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        HubClient hub = descartes.options.client();
        ObjectNode request = ProtocolJson.MAPPER.createObjectNode()
                .put("name", name == null ? backend : name).put("model_backend", backend).put("task", task);
        putIfGiven(request, "model", model);
        putIfGiven(request, "system_prompt", system);
        putIfGiven(request, "context", context);
        putIfGiven(request, "tool_level", toolLevel);
        if (!environment.isEmpty()) {
            request.set("environment", ProtocolJson.MAPPER.valueToTree(environment));
        }
        ObjectNode metadata = ProtocolJson.MAPPER.createObjectNode();
        labels.forEach((label, value) -> metadata.put("label." + label, value));
        if (!secrets.isEmpty()) {
            metadata.put("secrets", String.join(",", secrets));
        }
        if (!metadata.isEmpty()) {
            request.set("metadata", metadata);
        }
        JsonNode spawned = hub.post("/api/agents", request);
        JsonNode agent = spawned.get("agent_info");
        if (descartes.options.json) {
            Views.json(System.out, spawned);
        } else {
            System.out.println("spawned " + Views.text(agent.get("id")) + " (" + Views.text(agent.get("name"))
                    + ", backend " + Views.text(agent.get("model_backend")) + "): " + Views.text(agent.get("status")));
        }
        if (follow) {
            new EventFollower(hub, new EventPrinter(descartes.options.json, true, null))
                    .follow("agent_id=" + agent.get("id").asText(), 0, EventFollower::endsTheAgent);
        }
        return DescartesCli.OK;
    }

    private static void putIfGiven(ObjectNode request, String field, String value) {
        if (value != null) {
            request.put(field, value);
        }
    }
}
