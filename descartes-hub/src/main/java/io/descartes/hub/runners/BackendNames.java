package io.descartes.hub.runners;

import java.util.List;

import io.descartes.hub.agents.AgentBackends;
import org.apache.camel.spi.PropertiesComponent;

/** The model_backend names configured for this JVM's embedded runner (hub.agents.backends.&lt;name&gt;.argv). */
public final class BackendNames {

    private static final String ARGV = ".argv";

    private BackendNames() {
    }

    public static List<String> configured(PropertiesComponent props) {
        return props.loadProperties(k -> k.startsWith(AgentBackends.PREFIX) && k.endsWith(ARGV)).stringPropertyNames()
                .stream().map(k -> k.substring(AgentBackends.PREFIX.length(), k.length() - ARGV.length()))
                .sorted().toList();
    }
}
