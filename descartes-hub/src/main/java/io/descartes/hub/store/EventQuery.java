package io.descartes.hub.store;

/**
 * A page of events after a cursor (exclusive), oldest first; null filters match everything.
 */
public record EventQuery(long after, String agentId, String eventType, String sessionId, int limit) {

    public EventQuery {
        if (after < 0) {
            throw new IllegalArgumentException("after must be >= 0");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
    }
}
