package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The socket thread sleeps in its poll between messages. JeroMQ's poll reports readiness that is not there (a
 * socket's mailbox signalled by a thread that has not finished signalling, with the wake-up pipe's stale readiness),
 * and a loop that polls again at once spins, keeping the signalling thread off the CPU: 15-20 polls per request here
 * (hundreds in the hub) when the replies come from another thread, as the hub's journal sends them; 2 without the spin.
 */
class ZmqSocketLoopPollTest extends ZmqTestSupport {

    private static final int REQUESTS = 3_000;
    /** A request, its reply queued from another thread, the wake-up, the send: a few polls each, not hundreds. */
    private static final int POLLS_PER_REQUEST = 8;

    @Test
    void aRouterAnsweringFromAnotherThreadPollsAFewTimesPerRequest() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:router:" + tcp(port)).routeId("router")
                        .threads(1, 1).maxQueueSize(REQUESTS)
                        .transform(simple("re:${bodyAs(String)}"));
            }
        });
        ZmqConsumer consumer = (ZmqConsumer) context.getRoute("router").getConsumer();
        try (ZMQ.Socket dealer = peer(SocketType.DEALER)) {
            dealer.setReceiveTimeOut((int) WAIT_SECONDS * 1000);
            dealer.connect(tcp(port));
            roundTrip(dealer, "warm-up");
            long before = consumer.socketPolls();
            for (int i = 0; i < REQUESTS; i++) {
                roundTrip(dealer, "r" + i);
            }
            long polls = consumer.socketPolls() - before;
            assertTrue(polls <= (long) POLLS_PER_REQUEST * REQUESTS,
                    polls + " polls for " + REQUESTS + " requests (" + polls / REQUESTS + " per request)");
        }
    }

    private static void roundTrip(ZMQ.Socket dealer, String request) {
        dealer.sendMore("");
        dealer.send(request);
        assertEquals("", dealer.recvStr(), "delimiter");
        assertEquals("re:" + request, dealer.recvStr());
    }
}
