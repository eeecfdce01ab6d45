package io.descartes.hub.protocol;

/** An enum sent as a msgpack str: the constant's name in lower case (serde rename_all lowercase / snake_case). */
public interface WireEnum {

    /** The exact wire spelling. */
    String wire();
}
