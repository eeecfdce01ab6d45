package io.descartes.hub.protocol;

/** Which process stream a {@code log_stream} chunk came from. */
public enum LogStreamType implements WireEnum {
    STDOUT, STDERR;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }

    public static LogStreamType fromWire(String wire) {
        return WireEnums.parse(LogStreamType.class, wire);
    }
}
