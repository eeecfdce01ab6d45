package io.descartes.hub.testing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.test.AvailablePortFinder;

/**
 * Free ports for the hubs, runners and peers under test, found by {@link AvailablePortFinder} instead of fixed
 * numbers, so two test runs (or two test classes) on one machine do not collide. A port is named, and the name
 * gives the same port for the JVM's lifetime: in code {@code TestPorts.port("MyTest.http")}, in a test's properties
 * {@code hub.http.port={{test-port:MyTest.http}}} ({@link TestPortFunction}).
 */
public final class TestPorts {

    private static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private TestPorts() {
    }

    public static int port(String name) {
        return PORTS.computeIfAbsent(name, n -> unused());
    }

    /** The loopback TCP address on the named port. */
    public static String tcp(String name) {
        return "tcp://127.0.0.1:" + port(name);
    }

    // the finder may hand out a port twice once it has been released, and two names must never share one
    private static int unused() {
        int port;
        do {
            port = AvailablePortFinder.getNextAvailable();
        } while (!GIVEN.add(port));
        return port;
    }
}
