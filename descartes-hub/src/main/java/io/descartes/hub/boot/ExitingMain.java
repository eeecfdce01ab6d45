package io.descartes.hub.boot;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs camel-main and ends the JVM with its outcome. camel-main rethrows a failed start from run(), but threads
 * started before the failure (Vert.x, ZeroMQ, the route watcher) are not daemons: without the exit here the JVM
 * would keep running with nothing listening, and a supervisor would take it for a running hub.
 */
public final class ExitingMain {

    private static final Logger LOG = LoggerFactory.getLogger(ExitingMain.class);

    private ExitingMain() {
    }

    public static void run(String name, Main main, String[] args) {
        int code;
        try {
            code = main.run(args);
        } catch (Throwable e) { // an Error (e.g. a missing class) must end the JVM as well
            LOG.error("{} failed to start: {}", name, reason(e));
            code = 1;
        }
        System.exit(code);
    }

    /**
     * The first message in the cause chain: Camel's wrappers often carry none of their own, or only their cause's
     * class and message (a bean method that failed while the configuration classes were wired).
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            boolean wrapper = t.getCause() != null && t.getCause().toString().equals(t.getMessage());
            if (t.getMessage() != null && !t.getMessage().isBlank() && !wrapper) {
                return t.getMessage();
            }
        }
        return e.toString();
    }
}
