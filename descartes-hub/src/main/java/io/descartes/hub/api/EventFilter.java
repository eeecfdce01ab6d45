package io.descartes.hub.api;

import java.util.Objects;
import java.util.function.Predicate;

import io.descartes.hub.store.EventRow;

/** Which events a WebSocket client wants; a null field matches every value. */
record EventFilter(String agentId, String eventType) implements Predicate<EventRow> {

    @Override
    public boolean test(EventRow row) {
        return (agentId == null || agentId.equals(row.agentId()))
                && (eventType == null || eventType.equals(row.eventType()));
    }

    @Override
    public String toString() {
        return "agent_id=" + Objects.toString(agentId, "*") + " event_type=" + Objects.toString(eventType, "*");
    }
}
