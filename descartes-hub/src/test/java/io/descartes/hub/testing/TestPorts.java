package io.descartes.hub.testing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.test.AvailablePortFinder;

/**
 * Free ports for the hubs, runners and peers under test, found by {@link AvailablePortFinder} instead of fixed
 * numbers, so two test runs (or two test classes) on one machine do not collide. A port is named, and the name
 * gives the same port for the JVM's lifetime: in code {@code TestPorts.port("MyTest.http")}, in a test's properties
 * {@code hub.http.port={{test-port:MyTest.http}}} ({@link TestPortFunction}).
 * <p>Under surefire each test JVM (fork) takes its ports from a block of its own ({@code descartes.test.fork}, the
 * fork's number), so test classes running in parallel forks never get the same port, and below the kernel's
 * ephemeral range (32768+ on Linux), so no outgoing connection of the machine holds a port a test is about to bind.
 * Outside surefire (an IDE) any free port will do.
 */
public final class TestPorts {

    private static final int FORK_BLOCKS_FROM = 20000;
    private static final int FORK_BLOCK = 3000;
    private static final int FORKS = 4;
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
            port = free();
        } while (!GIVEN.add(port));
        return port;
    }

    /** A free port of this fork's block, searched from a random place in it (another test run may use the block). */
    private static int free() {
        String fork = System.getProperty("descartes.test.fork");
        if (fork == null || fork.isBlank()) {
            return AvailablePortFinder.getNextAvailable();
        }
        int block = (Integer.parseInt(fork) - 1) % FORKS;
        int first = FORK_BLOCKS_FROM + block * FORK_BLOCK;
        int from = first + ThreadLocalRandom.current().nextInt(FORK_BLOCK);
        for (int port = from; port < from + FORK_BLOCK; port++) {
            int candidate = first + (port - first) % FORK_BLOCK;
            if (!GIVEN.contains(candidate) && free(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port in " + first + "-" + (first + FORK_BLOCK - 1));
    }

    private static boolean free(int port) {
        try {
            return AvailablePortFinder.probePort(port) == port;
        } catch (IllegalStateException inUse) {
            return false;
        }
    }
}
