package io.descartes.hub.ingest;

/** Exchange properties the ingest routes pass between their steps (the agent id header is {@code DescartesHeaders.AGENT_ID}). */
public final class IngestProperties {

    /**
     * byte[]: the frame as received by a ZMQ route, kept for the dead-letter table and published as it is on PUB
     * (an endpoint takes one message kind, so the agent event an exchange records is the frame it arrived in).
     */
    public static final String RAW_FRAME = "DescartesRawFrame";
    /** ZmqMessage: the decoded frame, restored as the body after recording. */
    public static final String MESSAGE = "DescartesMessage";

    /** Boolean: the recorded message is an agent event (status_update, log_stream), what PUB carries. */
    public static final String AGENT_EVENT = "DescartesAgentEvent";

    private IngestProperties() {
    }
}
