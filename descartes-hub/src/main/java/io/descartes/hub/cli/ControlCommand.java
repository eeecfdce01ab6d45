package io.descartes.hub.cli;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.ProtocolJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code POST /api/agents/{id}/control} with one command for each agent named; an agent the hub refuses (unknown,
 * wrong state) is reported and the others still get theirs.
 */
abstract class ControlCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Parameters(paramLabel = "AGENT_ID", arity = "1..*", description = "The agents' ids (descartes ps lists them)")
    List<UUID> agents;

    /** The control_command type, as the hub spells it. */
    abstract String command();

    /** The command's payload, or null for none. */
    ObjectNode payload() {
        return null;
    }

    @Override
    public Integer call() {
        HubClient hub = descartes.options.client();
        int exit = DescartesCli.OK;
        for (UUID agent : agents) {
            ObjectNode body = ProtocolJson.MAPPER.createObjectNode().put("command", command());
            if (payload() != null) {
                body.set("payload", payload());
            }
            try {
                JsonNode answer = hub.post("/api/agents/" + agent + "/control", body);
                if (descartes.options.json) {
                    Views.json(System.out, answer);
                } else {
                    System.out.println(agent + ": " + Views.text(answer.get("status")));
                }
            } catch (CliFailure e) {
                if (e.exitCode() != DescartesCli.HUB_ERROR) {
                    throw e;
                }
                System.err.println("descartes: " + e.getMessage());
                exit = DescartesCli.HUB_ERROR;
            }
        }
        return exit;
    }

    @Command(name = "pause", description = "Pause agents (their processes stop until resumed)")
    static final class Pause extends ControlCommand {

        @Option(names = {"-f", "--force"},
                description = "A forced pause (pause_mode forced), as upstream's pause --force")
        boolean force;

        @Override
        String command() {
            return "pause";
        }

        @Override
        ObjectNode payload() {
            return force ? ProtocolJson.MAPPER.createObjectNode().put("force", true) : null;
        }
    }

    @Command(name = "resume", description = "Resume paused agents (a rewound agent is started again)")
    static final class Resume extends ControlCommand {
        @Override
        String command() {
            return "resume";
        }
    }

    @Command(name = "stop", description = "Stop agents: SIGTERM, then SIGKILL after the hub's grace period")
    static final class Stop extends ControlCommand {
        @Override
        String command() {
            return "stop";
        }
    }

    @Command(name = "kill", description = "Kill agents at once with SIGKILL")
    static final class Kill extends ControlCommand {
        @Override
        String command() {
            return "kill";
        }
    }
}
