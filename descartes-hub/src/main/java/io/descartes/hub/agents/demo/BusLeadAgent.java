package io.descartes.hub.agents.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code bus-lead} demo backend: subscribes to the worker's progress topic, asks the worker (task words
 * {@code worker=<its agent id> job=<text>}) for the job with a request, prints the progress it hears, and exits 0 on
 * the response, 1 on an error (the hub's {@code timeout} when the worker does not answer) or a refused line.
 */
public final class BusLeadAgent {

    private BusLeadAgent() {
    }

    public static void main(String[] args) throws Exception {
        BusLines bus = new BusLines();
        var task = bus.task();
        String self = System.getenv("DESCARTES_AGENT_ID");
        String requestId = "job-" + self;
        BusLines.send(BusLines.message("subscribe").put("topic", BusWorkerAgent.TOPIC));
        ObjectNode request = BusLines.message("request").put("id", requestId).put("recipient", task.get("worker"))
                .put("correlation_id", requestId);
        request.putObject("payload").put("job", task.getOrDefault("job", "demo"));
        BusLines.send(request);
        BusLines.say("lead: asked " + task.get("worker") + " for '" + task.getOrDefault("job", "demo") + "'");
        for (JsonNode m = bus.next(); m != null; m = bus.next()) {
            String kind = m.path("kind").asText();
            if ("bus_reply".equals(m.path("type").asText())) {
                BusLines.say("lead: the hub refused a line: " + m.path("error").asText());
                System.exit(1);
            } else if ("publish".equals(kind)) {
                BusLines.say("lead: progress " + m.path("payload"));
            } else if (requestId.equals(m.path("request_id").asText()) && "response".equals(kind)) {
                BusLines.say("lead: task done: " + m.path("payload").path("result").asText());
                System.exit(0);
            } else if (requestId.equals(m.path("request_id").asText()) && "error".equals(kind)) {
                BusLines.say("lead: request failed: " + m.path("payload").path("error").asText() + " ("
                        + m.path("payload").path("reason").asText() + ")");
                System.exit(1);
            }
        }
        System.exit(2);
    }
}
