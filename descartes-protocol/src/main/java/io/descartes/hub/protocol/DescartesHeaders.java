package io.descartes.hub.protocol;

/**
 * The Camel header names the Descartes data formats set and the hub's routes and processors share, declared once
 * (the YAML routes spell the same names out).
 */
public final class DescartesHeaders {

    /** String: the message's tag (e.g. {@code status_update}), set when a frame is unmarshalled. */
    public static final String MESSAGE_TYPE = "DescartesMessageType";

    /** String: the agent a message, a PUB frame, a custom action or a workspace is about; absent when none. */
    public static final String AGENT_ID = "DescartesAgentId";

    private DescartesHeaders() {
    }
}
