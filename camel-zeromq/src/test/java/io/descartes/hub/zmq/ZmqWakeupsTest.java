package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

class ZmqWakeupsTest extends ZmqTestSupport {

    private final String address = tcp(AvailablePortFinder.getNextAvailable());
    private static final int MESSAGES = 50;

    /**
     * The socket thread here would only wake on its own after ten minutes (pollTimeout), and a send waits 30 s at
     * most for room in its queue of 4: the messages of a coalesced run get through only because a full queue wakes
     * the socket at once and the run's end wakes it for the rest.
     */
    @Test
    void messagesQueuedInACoalescedRunAllGoOutInOrderPastAFullSendQueue() throws Exception {
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:out").to("zmq:push:" + address + "?sendQueueSize=4&pollTimeout=600000&sendTimeout=30000&"
                        + FAST_HANDSHAKE);
            }
        });
        try (ZMQ.Socket pull = peer(SocketType.PULL)) {
            pull.setReceiveTimeOut((int) WAIT_SECONDS * 1000);
            pull.bind(address);
            ZmqWakeups.coalesce(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    template.sendBody("direct:out", "m" + i);
                }
            });
            for (int i = 0; i < MESSAGES; i++) {
                assertEquals("m" + i, pull.recvStr(), "message " + i);
            }
        }
    }
}
