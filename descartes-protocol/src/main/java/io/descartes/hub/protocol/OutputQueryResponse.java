package io.descartes.hub.protocol;

import java.util.List;
import java.util.UUID;

/** {@code output_query_response}. */
public record OutputQueryResponse(String requestId, UUID agentId, boolean success, List<String> lines,
                                  Long totalLines, boolean hasMore, String error) implements ZmqMessage {

    public OutputQueryResponse {
        lines = lines == null ? List.of() : lines;
    }

    @Override
    public MessageType messageType() {
        return MessageType.OUTPUT_QUERY_RESPONSE;
    }
}
