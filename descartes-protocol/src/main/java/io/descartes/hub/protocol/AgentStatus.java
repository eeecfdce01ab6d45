package io.descartes.hub.protocol;

/** Agent lifecycle state (upstream {@code AgentStatus}, lowercase on the wire). */
public enum AgentStatus implements WireEnum {
    IDLE, INITIALIZING, RUNNING, THINKING, PAUSED, COMPLETED, FAILED, TERMINATED;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }

    public static AgentStatus fromWire(String wire) {
        return WireEnums.parse(AgentStatus.class, wire);
    }

    /** completed, failed and terminated agents never change state again. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == TERMINATED;
    }
}
