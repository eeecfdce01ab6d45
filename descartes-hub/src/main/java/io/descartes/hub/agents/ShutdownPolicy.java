package io.descartes.hub.agents;

import java.util.Locale;

/** What the embedded runner does with its agents when the hub stops ({@code hub.agents.shutdown-policy}). */
public enum ShutdownPolicy {
    /** SIGTERM, SIGKILL after the grace period; final statuses recorded */
    STOP,
    /** SIGKILL; final statuses recorded */
    KILL,
    /** nothing is done or recorded: the processes end with the hub's JVM (their parent-death signal) */
    LEAVE;

    public static ShutdownPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.agents.shutdown-policy must be stop, kill or leave; got '" + text + "'", e);
        }
    }
}
