package io.descartes.hub.app;

import io.descartes.hub.boot.ExitingMain;
import io.descartes.hub.boot.HubProperties;
import io.descartes.hub.boot.LogFormat;
import org.apache.camel.main.Main;

/**
 * Starts the hub with camel-main. camel-main scans this package (and below) for configuration and
 * Java DSL routes; keeping it apart from the capability packages keeps test routes out of the scan. Configuration lives in application.properties (classpath
 * defaults, then the file in the working directory) and the YAML routes under routes/.
 */
public final class HubApplication {

    private HubApplication() {
    }

    public static void main(String[] args) {
        LogFormat.require("descartes-hub");
        Main main = new Main(HubApplication.class);
        main.setDefaultPropertyPlaceholderLocation(HubProperties.LOCATIONS);
        ExitingMain.run("descartes-hub", main, args);
    }
}
