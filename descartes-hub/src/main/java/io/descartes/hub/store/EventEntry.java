package io.descartes.hub.store;

/**
 * A frame to append to {@code events}. {@code messageKey} is its natural identity (a re-sent frame
 * with the same key is acknowledged with the first row's id and not stored again);
 * {@code agentChange}, when set, is applied to the {@code agents} registry in the same transaction,
 * so the registry never disagrees with the log.
 *
 * @param content  the payload as JSON text
 * @param metadata sender identity, message id, endpoint and received time as JSON text
 */
public record EventEntry(String eventType, String agentId, String sessionId, String content, String metadata,
                         String messageKey, AgentChange agentChange) implements JournalEntry {

    public EventEntry {
        if (eventType == null || content == null) {
            throw new IllegalArgumentException("an event needs a type and content");
        }
        metadata = metadata == null ? "{}" : metadata;
    }

    @Override
    public EventEntry eventEntry() {
        return this;
    }
}
