package io.descartes.hub.health;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * {@code GET /health}: the hub's own summary (every ZMQ endpoint, the database, the routes) built
 * from Camel's health-check registry, so it and {@code /observe/health} can never disagree.
 * 200 when every check is UP, 503 otherwise.
 */
public final class HubHealthReport implements Processor {

    private final CamelContext context;
    private final ObjectMapper json;

    public HubHealthReport(CamelContext context, ObjectMapper json) {
        this.context = context;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context, "full");
        boolean up = context.isStarted() && results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
        ObjectNode body = json.createObjectNode();
        body.put("status", up ? "UP" : "DOWN");
        body.put("name", context.getName());
        body.put("uptime_ms", context.getUptime().toMillis());
        ArrayNode checks = body.putArray("checks");
        results.stream().sorted(Comparator.comparing(r -> r.getCheck().getId())).forEach(r -> {
            ObjectNode check = checks.addObject();
            check.put("id", r.getCheck().getId());
            check.put("state", r.getState().name());
            r.getMessage().ifPresent(m -> check.put("message", m));
            ObjectNode details = check.putObject("details");
            for (Map.Entry<String, Object> d : r.getDetails().entrySet()) {
                if (!HealthCheckHelper.isReservedKey(d.getKey())) {
                    details.put(d.getKey(), String.valueOf(d.getValue()));
                }
            }
        });
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }
}
