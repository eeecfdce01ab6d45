package io.descartes.hub.protocol;

/** The command of a {@code control_command} / {@code batch_control_command}. */
public enum ControlCommandType implements WireEnum {
    PAUSE, RESUME, STOP, KILL, WRITE_STDIN, READ_STDOUT, READ_STDERR, GET_STATUS, SIGNAL, CUSTOM_ACTION, QUERY_OUTPUT, STREAM_LOGS;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }

    public static ControlCommandType fromWire(String wire) {
        return WireEnums.parse(ControlCommandType.class, wire);
    }
}
