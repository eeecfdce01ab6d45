package io.descartes.hub.bus;

import io.descartes.hub.protocol.BusMessage;

/** What one bus WebSocket follows: a channel's messages or a topic's. */
record BusStreamScope(boolean channel, String name) {

    boolean matches(BusMessage message) {
        return name.equals(channel ? message.channel() : message.topic());
    }

    /** The history of the scope after a stored id, one page (with one more row to tell whether more follow). */
    BusStore.HistoryQuery after(long cursor, int pageSize) {
        return new BusStore.HistoryQuery(channel ? name : null, channel ? null : name, null, null, null, cursor, pageSize);
    }

    /** A message sent on the socket goes to the scope: a channel's members, or a topic's subscribers. */
    String field() {
        return channel ? "channel" : "topic";
    }
}
