package io.descartes.hub.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.AgentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The last events of an agent (or of the hub) from {@code GET /api/events}, then with {@code -f} the new ones live
 * from {@code /ws/events}, resuming after the last one printed whenever the stream breaks.
 */
@Command(name = "logs", description = "Print an agent's output and events (-f: follow them live until it ends)")
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Parameters(paramLabel = "AGENT_ID", arity = "0..1", description = "The agent (default: every event of the hub)")
    UUID agent;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events as they are recorded; with an agent, "
            + "until it has ended (through hub restarts: it reconnects and resumes)")
    boolean follow;

    @Option(names = "--event-type", paramLabel = "TYPE", description = "Only events of this type (log_stream, "
            + "status_update, snapshot_created, ...)")
    String eventType;

    @Option(names = {"-n", "--limit", "--tail"}, paramLabel = "N", defaultValue = "100",
            description = "How many of the latest events to print first (default ${DEFAULT-VALUE}; 0: only new ones)")
    int limit;

    @Override
    public Integer call() throws InterruptedException {
        if (limit < 0) {
            throw new CliFailure(DescartesCli.USAGE, "--limit must be 0 or more");
        }
        HubClient hub = descartes.options.client();
        if (agent != null) {
            hub.get("/api/agents/" + agent); // an agent the hub does not know: its 404
        }
        String filter = (agent == null ? "" : "agent_id=" + agent)
                + (eventType == null ? "" : (agent == null ? "" : "&") + "event_type=" + HubClient.encode(eventType));
        // newest first, at least one to learn where the live part starts
        JsonNode page = hub.get("/api/events?order=desc&limit=" + Math.max(limit, 1)
                + (filter.isEmpty() ? "" : "&" + filter));
        List<JsonNode> latest = new ArrayList<>();
        page.get("events").forEach(e -> latest.add(0, e));
        long cursor = latest.isEmpty() ? 0 : latest.get(latest.size() - 1).get("id").asLong();
        EventPrinter printer = new EventPrinter(descartes.options.json, agent != null, eventType);
        if (limit > 0) {
            latest.forEach(printer::print);
        }
        if (!follow) {
            return DescartesCli.OK;
        }
        if (agent == null) {
            new EventFollower(hub, printer).follow(filter, cursor, e -> false);
        } else if (AgentStatus.fromWire(hub.get("/api/agents/" + agent).get("status").asText()).isTerminal()) {
            // ended before or after the events above: what came after them is all there is (its final status too)
            hub.all("/api/events", filter, "events", String.valueOf(cursor)).forEach(printer::print);
        } else {
            // the stream is the agent's whatever the type asked for, so that its end is seen
            new EventFollower(hub, printer).follow("agent_id=" + agent, cursor, EventFollower::endsTheAgent);
        }
        return DescartesCli.OK;
    }
}
