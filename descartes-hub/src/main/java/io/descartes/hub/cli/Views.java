package io.descartes.hub.cli;

import java.io.PrintStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.protocol.ProtocolJson;

/** How the hub's JSON reads to a person, and as it is for scripts. */
final class Views {

    private Views() {
    }

    static void json(PrintStream out, JsonNode node) {
        try {
            out.println(ProtocolJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hub's RFC 3339 UTC times to the second ("2026-12-02 10:45:58"); null as "-". */
    static String time(JsonNode value) {
        String text = text(value);
        boolean rfc3339 = text.length() >= 19 && text.charAt(10) == 'T';
        return rfc3339 ? text.substring(0, 10) + " " + text.substring(11, 19) : text;
    }

    /** A field's text, "" when absent or null. */
    static String text(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    /** "paused (forced)", "failed (hub_restarted)": the status with what qualifies it. */
    static String status(JsonNode agent) {
        String qualifier = text(agent.get("pause_mode"));
        if (qualifier.isEmpty()) {
            qualifier = text(agent.get("status_reason"));
        }
        return text(agent.get("status")) + (qualifier.isEmpty() ? "" : " (" + qualifier + ")");
    }

    static String runner(JsonNode agent) {
        String runner = text(agent.get("runner_id"));
        return runner.isEmpty() ? "embedded" : runner;
    }

    static Table agents(Iterable<JsonNode> agents) {
        Table table = new Table("ID", "NAME", "STATUS", "BACKEND", "RUNNER", "PID", "STARTED", "TASK");
        agents.forEach(a -> table.row(text(a.get("id")), text(a.get("name")), status(a), text(a.get("model_backend")),
                runner(a), text(a.get("pid")), time(a.get("started_at")), text(a.get("task"))));
        return table;
    }
}
