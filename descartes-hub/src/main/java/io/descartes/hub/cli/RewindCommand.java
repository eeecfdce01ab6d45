package io.descartes.hub.cli;

import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.ProtocolJson;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code POST /api/rewind}: workspace and state back to a snapshot, event, commit or backup; --dry-run only tells. */
@Command(name = "rewind", description = "Rewind an agent's workspace and state (--dry-run: show what would change)")
final class RewindCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Parameters(paramLabel = "AGENT_ID", description = "The agent's id")
    UUID agent;

    @ArgGroup(multiplicity = "1")
    Target target;

    /** Exactly one of them. */
    static final class Target {
        @Option(names = "--snapshot", paramLabel = "ID", description = "To a snapshot (descartes snapshots lists them)")
        Long snapshot;

        @Option(names = "--event", paramLabel = "ID", description = "To an event: the latest snapshot's files at or "
                + "before it, the state of that event")
        Long event;

        @Option(names = "--commit", paramLabel = "SHA", description = "To a commit of the agent's workspace")
        String commit;

        @Option(names = "--backup", paramLabel = "REF",
                description = "To the backup an earlier rewind made (undoes it)")
        String backup;
    }

    @Option(names = "--dry-run", description = "Change nothing: answer what the rewind would do")
    boolean dryRun;

    @Option(names = "--pause",
            description = "Pause the agent first if it is running (otherwise a running agent is refused)")
    boolean pause;

    @Override
    public Integer call() {
        ObjectNode request = ProtocolJson.MAPPER.createObjectNode().put("agent_id", agent.toString());
        if (target.snapshot != null) {
            request.put("snapshot_id", target.snapshot);
        } else if (target.event != null) {
            request.put("event_id", target.event);
        } else if (target.commit != null) {
            request.put("git_commit", target.commit);
        } else {
            request.put("backup_ref", target.backup);
        }
        request.put("dry_run", dryRun).put("pause", pause);
        JsonNode rewind = descartes.options.client().post("/api/rewind", request);
        if (descartes.options.json) {
            Views.json(System.out, rewind);
            return DescartesCli.OK;
        }
        JsonNode to = rewind.path("target");
        System.out.println((dryRun ? "dry run, nothing changed: would rewind " : "rewound ") + agent + " to commit "
                + Views.text(to.get("git_commit")) + " (snapshot " + orDash(to.get("snapshot_id")) + ", event "
                + orDash(to.get("event_id")) + ")");
        JsonNode files = rewind.path("files");
        System.out.println("files: " + files.path("added").size() + " added, " + files.path("modified").size()
                + " modified, " + files.path("deleted").size() + " deleted");
        files.path("added").forEach(f -> System.out.println("  + " + f.asText()));
        files.path("modified").forEach(f -> System.out.println("  ~ " + f.asText()));
        files.path("deleted").forEach(f -> System.out.println("  - " + f.asText()));
        JsonNode state = rewind.path("state");
        JsonNode before = state.path("before");
        JsonNode after = state.path("after");
        System.out.println("state: event " + orDash(before.get("event_id")) + " (" + orDash(before.get("status"))
                + ") -> event " + orDash(after.get("event_id")) + " (" + orDash(after.get("status")) + ")");
        JsonNode registry = rewind.path("registry");
        String reason = Views.text(registry.get("status_reason"));
        System.out.println("agent: " + Views.text(registry.get("status")) + (reason.isEmpty() ? "" : " (" + reason + ")")
                + ("rewound".equals(reason) && !dryRun
                        ? "; descartes resume " + agent + " starts it again from here" : ""));
        if (!dryRun) {
            System.out.println("backup of the workspace before: " + Views.text(rewind.path("backup").get("ref"))
                    + " (descartes rewind " + agent + " --backup <ref> undoes this)");
        }
        return DescartesCli.OK;
    }

    private static String orDash(JsonNode value) {
        String text = Views.text(value);
        return text.isEmpty() ? "-" : text;
    }
}
