package io.descartes.hub.protocol;

/** What a bus message is for (seed 001's message types that travel between agents). */
public enum BusKind implements WireEnum {
    /** To one recipient. */
    DIRECT,
    /** To the subscribers of its topic, or the members of its channel. */
    PUBLISH,
    /** To one recipient, who answers with a RESPONSE naming it in request_id; the hub answers an ERROR on timeout. */
    REQUEST,
    /** The answer to a REQUEST; the hub routes it to the requester. */
    RESPONSE,
    /** The recipient confirms a message that required an ack (request_id = its id, recipient = its sender). */
    ACK,
    /** A failure, e.g. the hub's answer to a request nobody answered in time. */
    ERROR;

    private final String wire = WireEnums.spell(this);

    @Override
    public String wire() {
        return wire;
    }

    public static BusKind fromWire(String wire) {
        return WireEnums.parse(BusKind.class, wire);
    }
}
