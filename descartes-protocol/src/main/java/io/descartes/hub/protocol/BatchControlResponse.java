package io.descartes.hub.protocol;

import java.util.List;

/** {@code batch_control_response}. */
public record BatchControlResponse(String requestId, boolean success, List<BatchAgentResult> results, long successful,
                                   long failed) implements ZmqMessage {

    public BatchControlResponse {
        results = results == null ? List.of() : results;
    }

    @Override
    public MessageType messageType() {
        return MessageType.BATCH_CONTROL_RESPONSE;
    }
}
