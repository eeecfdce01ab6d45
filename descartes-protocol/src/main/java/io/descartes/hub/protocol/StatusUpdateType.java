package io.descartes.hub.protocol;

/** Kind of a {@code status_update} event. */
public enum StatusUpdateType implements WireEnum {
    STATUS_CHANGED, OUTPUT_AVAILABLE, ERROR, COMPLETED, TERMINATED, HEARTBEAT;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }

    public static StatusUpdateType fromWire(String wire) {
        return WireEnums.parse(StatusUpdateType.class, wire);
    }
}
