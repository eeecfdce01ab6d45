package io.descartes.hub.testing;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoopbackQueuesTest {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid";

    @Test
    void sumsBothEndsOfTheEstablishedConnectionsOfThePortOnly() {
        List<String> table = List.of(HEADER,
                // listening on 20000 (0x4E20): no queue of a connection
                "   0: 0100007F:4E20 00000000:0000 0A 00000000:00000005 00:00000000 00000000  0 0 1 1",
                // the hub's end: 0x100 unread
                "   1: 0000000000000000FFFF00000100007F:4E20 0000000000000000FFFF00000100007F:9C40 01 00000000:00000100 0",
                // the sender's end: 0x20 unacknowledged, 0x1 unread
                "   2: 0000000000000000FFFF00000100007F:9C40 0000000000000000FFFF00000100007F:4E20 01 00000020:00000001 0",
                // another connection
                "   3: 0100007F:4E21 0100007F:9C41 01 00001000:00001000 00:00000000 00000000  0 0 1 1");
        assertEquals(0x100 + 0x20 + 0x1, LoopbackQueues.bytesQueued(20000, table));
    }
}
