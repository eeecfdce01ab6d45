package io.descartes.hub.cli;

import java.io.PrintStream;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prints recorded events: for people, an agent's output as it wrote it and the other events as one line each; for
 * scripts, one JSON event per line (the {@code /api/events} form, with its id to resume from).
 */
final class EventPrinter {

    private static final int SUMMARY = 160;

    private final PrintStream out = System.out;
    private final boolean json;
    private final boolean oneAgent;
    private final String eventType;

    /**
     * @param oneAgent  false when events of several agents mix: output lines then start with their agent's id
     * @param eventType the only type to print, or null for all
     */
    EventPrinter(boolean json, boolean oneAgent, String eventType) {
        this.json = json;
        this.oneAgent = oneAgent;
        this.eventType = eventType;
    }

    void print(JsonNode event) {
        if (eventType != null && !eventType.equals(Views.text(event.get("event_type")))) {
            return;
        }
        if (json) {
            out.println(event.toString());
        } else if ("log_stream".equals(Views.text(event.get("event_type")))) {
            if (!oneAgent) {
                out.print(Views.text(event.get("agent_id")).substring(0, 8) + "| ");
            }
            JsonNode data = event.path("content").path("data");
            if (data.has("base64")) {
                out.writeBytes(Base64.getDecoder().decode(data.get("base64").asText()));
            } else {
                out.print(data.asText());
            }
        } else {
            out.println("[" + Views.time(event.get("timestamp")) + "] " + summary(event));
        }
        out.flush();
    }

    private String summary(JsonNode event) {
        String type = Views.text(event.get("event_type"));
        JsonNode content = event.path("content");
        String line = type + (oneAgent || Views.text(event.get("agent_id")).isEmpty() ? ""
                : " " + Views.text(event.get("agent_id")));
        if ("status_update".equals(type)) {
            line += ": " + Views.text(content.get("status")) + " " + Views.text(content.get("message"));
        } else {
            line += " " + content;
        }
        return line.length() > SUMMARY ? line.substring(0, SUMMARY - 3) + "..." : line;
    }
}
