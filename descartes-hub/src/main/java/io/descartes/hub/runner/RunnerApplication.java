package io.descartes.hub.runner;

import io.descartes.hub.boot.ExitingMain;
import io.descartes.hub.boot.HubProperties;
import io.descartes.hub.boot.LogFormat;
import org.apache.camel.main.Main;

/**
 * Runner mode of the hub's jar: runs agents for a hub on another JVM or machine.
 * {@code java -cp descartes-hub/target/descartes-hub.jar io.descartes.hub.runner.RunnerApplication} (with -Dhub.runner.hub-addresses,
 * -Dhub.runner.command-address, -Dhub.runner.labels, ...). It reads the same application.properties as the hub,
 * runs agents with the same embedded runner and routes (routes/agents.camel.yaml, routes/custom-actions.camel.yaml), and talks to the hub only over
 * ZeroMQ: no database, HTTP server or PUB socket of its own.
 */
public final class RunnerApplication {

    /** The agent routes the hub uses, plus the runner's link to the hub. */
    static final String ROUTES = "file:routes/agents.camel.yaml,file:routes/custom-actions.camel.yaml,file:routes/runner/*.camel.yaml";

    /** The runner's capabilities, configured in this order (docs/architecture.md "Wiring"). */
    public static final String CONFIGURATIONS = String.join(",",
            "io.descartes.hub.runner.RunnerConfiguration",
            "io.descartes.hub.curve.RunnerCurveConfiguration",
            "io.descartes.hub.agents.AgentsConfiguration",
            "io.descartes.hub.runner.RunnerLinkConfiguration");

    private RunnerApplication() {
    }

    public static void main(String[] args) {
        LogFormat.require("descartes-runner");
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(HubProperties.LOCATIONS);
        // what makes it a runner rather than a hub: these win over application.properties
        main.addOverrideProperty("camel.main.name", "descartes-runner");
        main.addOverrideProperty("camel.main.configuration-classes", CONFIGURATIONS);
        main.addOverrideProperty("camel.main.routes-include-pattern", ROUTES);
        main.addOverrideProperty("camel.main.routes-reload-enabled", "false");
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("camel.metrics.enabled", "false");
        ExitingMain.run("descartes-runner", main, args);
    }
}
