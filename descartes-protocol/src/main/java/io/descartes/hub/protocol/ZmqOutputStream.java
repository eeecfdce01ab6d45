package io.descartes.hub.protocol;

/** Streams an {@code output_query_request} reads (upstream {@code ZmqOutputStream}). */
public enum ZmqOutputStream implements WireEnum {
    STDOUT, STDERR, BOTH;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }

    public static ZmqOutputStream fromWire(String wire) {
        return WireEnums.parse(ZmqOutputStream.class, wire);
    }
}
