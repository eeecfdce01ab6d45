package io.descartes.hub.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap bin/descartes-hub gives the JVM: all of its 512 MB from the start, and none of it when JAVA_OPTS names a
 * heap size of its own (a smaller -Xmx next to the default -Xms would stop the JVM from starting). The JVM is asked
 * for its flags ({@code -XX:+PrintFlagsFinal -version}) instead of starting the hub.
 */
class LauncherHeapIT {

    private static final long MB = 1024 * 1024;

    @Test
    void theWholeHeapFromTheStart() throws Exception {
        String flags = flags("");
        assertEquals(512 * MB, flag(flags, "InitialHeapSize"));
        assertEquals(512 * MB, flag(flags, "MaxHeapSize"));
    }

    @Test
    void aSmallerBoundInJavaOptsReplacesTheDefaultHeap() throws Exception {
        String flags = flags("-Xmx256m");
        assertEquals(256 * MB, flag(flags, "MaxHeapSize"));
        assertTrue(flag(flags, "InitialHeapSize") <= 256 * MB, flags);
    }

    @Test
    void anInitialSizeInJavaOptsReplacesTheDefaultHeap() throws Exception {
        String flags = flags("-Xms1g");
        assertEquals(1024 * MB, flag(flags, "InitialHeapSize"));
        assertTrue(flag(flags, "MaxHeapSize") >= 1024 * MB, flags);
    }

    /** The flags of the JVM bin/descartes-hub starts with JAVA_OPTS = {@code options}; fails unless it started. */
    private static String flags(String options) throws IOException, InterruptedException {
        ProcessBuilder launcher = new ProcessBuilder(List.of("bin/descartes-hub")).redirectErrorStream(true);
        launcher.environment().put("JAVA_OPTS", options + " -XX:+PrintFlagsFinal -version");
        launcher.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = launcher.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    private static long flag(String flags, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+=\\s+(\\d+)").matcher(flags);
        assertTrue(m.find(), name + " not in " + flags);
        return Long.parseLong(m.group(1));
    }
}
