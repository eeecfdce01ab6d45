package io.descartes.hub.api;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the WebSocket event stream, updated from the event loops and the broadcaster. */
final class EventStreamMetrics {

    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder slowClientsDropped = new LongAdder();

    void messagesSent(int events) {
        messagesSent.add(events);
    }

    void slowClientDropped() {
        slowClientsDropped.increment();
    }

    long messagesSent() {
        return messagesSent.sum();
    }

    long slowClientsDropped() {
        return slowClientsDropped.sum();
    }
}
