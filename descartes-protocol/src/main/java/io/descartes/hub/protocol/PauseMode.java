package io.descartes.hub.protocol;

/** How an agent was paused. */
public enum PauseMode implements WireEnum {
    COOPERATIVE, FORCED;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }

    public static PauseMode fromWire(String wire) {
        return WireEnums.parse(PauseMode.class, wire);
    }
}
