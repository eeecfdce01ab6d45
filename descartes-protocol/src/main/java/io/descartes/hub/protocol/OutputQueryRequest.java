package io.descartes.hub.protocol;

import java.util.UUID;

/** {@code output_query_request}: buffered output lines, regex-filtered and paged. */
public record OutputQueryRequest(String requestId, UUID agentId, ZmqOutputStream stream, String filter, Long limit,
                                 Long offset) implements ZmqMessage {

    @Override
    public MessageType messageType() {
        return MessageType.OUTPUT_QUERY_REQUEST;
    }
}
