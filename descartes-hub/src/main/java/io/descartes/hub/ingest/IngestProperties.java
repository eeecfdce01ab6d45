package io.descartes.hub.ingest;

/** Exchange properties and headers the ingest routes pass between their steps. */
public final class IngestProperties {

    /** byte[]: the frame as received, kept for the dead-letter table. */
    public static final String RAW_FRAME = "DescartesRawFrame";
    /** ZmqMessage: the decoded frame, restored as the body after recording. */
    public static final String MESSAGE = "DescartesMessage";

    /** Boolean: the recorded message is an agent event (status_update, log_stream), what PUB carries. */
    public static final String AGENT_EVENT = "DescartesAgentEvent";

    /** Header, String: the agent the recorded message is about, or absent (routes filter on it). */
    public static final String AGENT_ID = "DescartesAgentId";

    private IngestProperties() {
    }
}
