package io.descartes.hub.agents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Sends POSIX signals with the {@code kill} program, started directly (no shell): the JDK can only
 * send TERM and KILL itself, and pause/resume need STOP and CONT.
 */
public final class Signals {

    private Signals() {
    }

    /** @param name a signal name without SIG, e.g. STOP */
    public static void send(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw AgentFailure.error("kill -" + name + " " + pid + " failed: " + output);
            }
        } catch (IOException e) {
            throw AgentFailure.error("cannot run kill: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AgentFailure.error("interrupted while sending SIG" + name);
        }
    }
}
