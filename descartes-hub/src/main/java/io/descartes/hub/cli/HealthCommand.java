package io.descartes.hub.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code GET /health} (no token needed): every check of the hub; exit 1 when one is DOWN. */
@Command(name = "health",
        description = "Show the hub's health checks (ZeroMQ endpoints, database, routes); exit 1 if DOWN")
final class HealthCommand implements Callable<Integer> {

    @ParentCommand
    DescartesCli descartes;

    @Option(names = {"-a", "--all"}, description = "List every check, each route's and consumer's too")
    boolean all;

    @Override
    public Integer call() {
        HubClient.Answer answer = descartes.options.client().send("GET", "/health", null);
        JsonNode health = answer.body();
        if (answer.status() != 200 && answer.status() != 503) {
            throw new CliFailure(DescartesCli.HUB_ERROR, "GET /health answered " + answer.status() + ": " + health);
        }
        if (descartes.options.json) {
            Views.json(System.out, health);
        } else {
            System.out.println(Views.text(health.get("name")) + " at " + descartes.options.hub + ": "
                    + Views.text(health.get("status")) + ", up " + health.path("uptime_ms").asLong() / 1000 + " s");
            Table table = new Table("CHECK", "STATE", "MESSAGE");
            int routesUp = 0;
            for (JsonNode check : health.path("checks")) {
                String id = Views.text(check.get("id"));
                String state = Views.text(check.get("state"));
                if (!all && "UP".equals(state) && (id.startsWith("route:") || id.startsWith("consumer:"))) {
                    routesUp++;
                } else {
                    table.row(id, state, Views.text(check.get("message")));
                }
            }
            table.print(System.out);
            if (routesUp > 0) {
                System.out.println("and " + routesUp + " route and consumer checks UP (-a lists them)");
            }
        }
        return "UP".equals(Views.text(health.get("status"))) ? DescartesCli.OK : DescartesCli.HUB_ERROR;
    }
}
