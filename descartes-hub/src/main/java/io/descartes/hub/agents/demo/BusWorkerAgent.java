package io.descartes.hub.agents.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code bus-worker} demo backend: serves requests over the bus until its stdin ends. For each request it publishes
 * its progress on topic {@value #TOPIC} ({@code steps} times, {@code step-ms} apart; task words, defaults 3 and 200),
 * then answers the requester with a response naming the job.
 */
public final class BusWorkerAgent {

    static final String TOPIC = "demo.progress";

    private BusWorkerAgent() {
    }

    public static void main(String[] args) throws Exception {
        BusLines bus = new BusLines();
        var task = bus.task();
        int steps = Integer.parseInt(task.getOrDefault("steps", "3"));
        long stepMillis = Long.parseLong(task.getOrDefault("step-ms", "200"));
        BusLines.say("worker ready");
        for (JsonNode m = bus.next(); m != null; m = bus.next()) {
            if (!"request".equals(m.path("kind").asText())) {
                BusLines.say("worker: ignored " + m);
                continue;
            }
            String job = m.path("payload").path("job").asText();
            BusLines.say("worker: " + m.path("sender").asText() + " asks for '" + job + "'");
            for (int step = 1; step <= steps; step++) {
                Thread.sleep(stepMillis);
                ObjectNode progress = BusLines.message("publish").put("topic", TOPIC)
                        .put("correlation_id", m.path("correlation_id").asText(null));
                progress.putObject("payload").put("request_id", m.path("id").asText()).put("step", step).put("of", steps);
                BusLines.send(progress);
            }
            ObjectNode response = BusLines.message("response").put("request_id", m.path("id").asText())
                    .put("correlation_id", m.path("correlation_id").asText(null));
            response.putObject("payload").put("result", "done: " + job);
            BusLines.send(response);
        }
    }
}
