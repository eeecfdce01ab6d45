package io.descartes.hub.agents;

import java.util.Arrays;
import java.util.Locale;

/** Whether an agent process takes part in the message bus over its stdio ({@code hub.agents.backends.<name>.bus}). */
public enum BusBridge {
    /** not on the bus (the default) */
    NONE,
    /** marked JSON lines on stdin and stdout ({@link AgentBus}) */
    JSONL;

    public static BusBridge parse(String text) {
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("bus must be none or jsonl; got '" + text + "'"));
    }
}
