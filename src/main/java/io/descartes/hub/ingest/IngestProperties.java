package io.descartes.hub.ingest;

/** Exchange properties the ingest routes pass between their steps. */
public final class IngestProperties {

    /** byte[]: the frame as received, kept for the dead-letter table. */
    public static final String RAW_FRAME = "DescartesRawFrame";
    /** ZmqMessage: the decoded frame, restored as the body after recording. */
    public static final String MESSAGE = "DescartesMessage";

    private IngestProperties() {
    }
}
