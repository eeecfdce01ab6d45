package io.descartes.hub.testing;

import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{test-port:NAME}}} in a test's properties: the free port {@link TestPorts} holds under that name, which the
 * test's own clients then reach with {@code TestPorts.port(NAME)}. Camel finds it through its
 * META-INF/services/org/apache/camel/properties-function entry.
 */
public final class TestPortFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "test-port";
    }

    @Override
    public String apply(String remainder) {
        return String.valueOf(TestPorts.port(remainder));
    }
}
