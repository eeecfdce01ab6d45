package io.descartes.hub.app;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.util.IOHelper;

/**
 * Environment variables (HUB_HTTP_PORT for hub.http.port) as a property source that ranks below JVM system
 * properties and above application.properties. Camel's own environment lookup (switched off in
 * application.properties, camel.component.properties.environment-variable-mode = 0) runs before the system
 * properties, so HUB_HTTP_PORT would beat -Dhub.http.port, the more specific of the two. Found by the properties
 * component through META-INF/services/org/apache/camel/properties-source-factory.
 */
public final class EnvironmentPropertiesSource implements PropertiesSource, Ordered {

    @Override
    public String getName() {
        return "ENV";
    }

    @Override
    public String getProperty(String name) {
        return IOHelper.lookupEnvironmentVariable(name);
    }

    /** Before the property files, whose sources are ordered from 100 on. */
    @Override
    public int getOrder() {
        return 0;
    }
}
