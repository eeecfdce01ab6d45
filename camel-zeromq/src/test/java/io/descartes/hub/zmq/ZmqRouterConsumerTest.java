package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

class ZmqRouterConsumerTest extends ZmqTestSupport {

    private final Queue<Integer> frameCounts = new ConcurrentLinkedQueue<>();

    private void startEchoRouter(int port) throws Exception {
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:router:" + tcp(port)).routeId("echo")
                        .process(e -> frameCounts.add(e.getIn().getHeader(ZmqConstants.FRAME_COUNT, Integer.class)))
                        .transform(simple("re:${bodyAs(String)}"));
            }
        });
    }

    @Test
    void hundredDealerClientsEachGetTheirOwnReplies() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        startEchoRouter(port);
        int clients = 100;
        int requests = 5;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Set<String>>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String name = "client" + c;
                results.add(pool.submit(() -> {
                    try (ZMQ.Socket dealer = peer(SocketType.DEALER)) {
                        dealer.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                        dealer.connect(tcp(port));
                        for (int r = 0; r < requests; r++) {
                            dealer.sendMore("");
                            dealer.send(name + "-" + r);
                        }
                        Set<String> replies = new HashSet<>();
                        for (int r = 0; r < requests; r++) {
                            ZMsg reply = ZMsg.recvMsg(dealer);
                            assertEquals(2, reply.size(), "delimiter + payload");
                            assertEquals("", reply.popString());
                            replies.add(reply.popString());
                        }
                        return replies;
                    }
                }));
            }
            for (int c = 0; c < clients; c++) {
                Set<String> expected = new HashSet<>();
                for (int r = 0; r < requests; r++) {
                    expected.add("re:client" + c + "-" + r);
                }
                assertEquals(expected, results.get(c).get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void replyReusesTheEnvelopeExactlyAsItCame() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        startEchoRouter(port);

        try (ZMQ.Socket req = peer(SocketType.REQ)) {
            req.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            req.connect(tcp(port));
            req.send("hello");
            assertEquals("re:hello", req.recvStr(), "REQ only accepts a reply with its delimiter");
        }

        try (ZMQ.Socket dealer = peer(SocketType.DEALER)) {
            dealer.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            dealer.connect(tcp(port));
            dealer.send("bare");
            ZMsg reply = ZMsg.recvMsg(dealer);
            assertEquals(1, reply.size(), "no delimiter sent, none returned");
            assertEquals("re:bare", reply.popString());

            dealer.sendMore("hop");
            dealer.sendMore("");
            dealer.send("routed");
            reply = ZMsg.recvMsg(dealer);
            assertEquals(3, reply.size());
            assertEquals("hop", reply.popString());
            assertArrayEquals(new byte[0], reply.pop().getData());
            assertEquals("re:routed", reply.popString());

            dealer.sendMore("");
            dealer.sendMore("first");
            dealer.send("extra");
            reply = ZMsg.recvMsg(dealer);
            assertEquals("re:first", reply.getLast().getString(ZMQ.CHARSET));
        }
        assertTrue(frameCounts.contains(2), "a request with an extra frame is visible to the route: " + frameCounts);
    }

    @Test
    void aFailedExchangeGetsNoReplyUnlessTheRouteTurnsItIntoOne() throws Exception {
        int router = AvailablePortFinder.getNextAvailable();
        int rep = AvailablePortFinder.getNextAvailable();
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:router:" + tcp(router))
                        .onException(IllegalStateException.class).handled(true).setBody(constant("error reply")).end()
                        .process(e -> fail(e.getIn().getBody(String.class)))
                        .transform(simple("re:${bodyAs(String)}"));
                from("zmq:rep:" + tcp(rep)).process(e -> fail(e.getIn().getBody(String.class)))
                        .transform(simple("re:${bodyAs(String)}"));
            }

            private void fail(String body) {
                if (body.equals("boom")) {
                    throw new IllegalArgumentException("unhandled");
                }
                if (body.equals("handled")) {
                    throw new IllegalStateException("handled by the route");
                }
            }
        });
        try (ZMQ.Socket dealer = peer(SocketType.DEALER);
             ZMQ.Socket req = peer(SocketType.REQ)) {
            dealer.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            dealer.connect(tcp(router));
            dealer.send("boom");
            dealer.send("handled");
            dealer.send("fine");
            assertEquals("error reply", dealer.recvStr());
            assertEquals("re:fine", dealer.recvStr(), "no reply for the unhandled failure");

            req.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            req.connect(tcp(rep));
            req.send("boom");
            assertArrayEquals(new byte[0], req.recv(), "REP answers empty to stay in lock-step");
            req.send("fine");
            assertEquals("re:fine", req.recvStr());
        }
    }

    /** A server pushes to a connected peer out of the consumer's own socket, unasked, between the replies. */
    @Test
    void theConsumerSendsToAPeerByItsRoutingIdFromAnotherThread() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        List<byte[]> identities = new ArrayList<>();
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:router:" + tcp(port)).routeId("push")
                        .process(e -> identities.add(e.getIn().getHeader(ZmqConstants.IDENTITY, byte[].class)))
                        .transform(constant("attached"));
            }
        });
        try (ZMQ.Socket dealer = peer(SocketType.DEALER)) {
            dealer.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            dealer.connect(tcp(port));
            dealer.send("attach");
            assertEquals("attached", dealer.recvStr());
            ZmqConsumer consumer = (ZmqConsumer) context.getRoute("push").getConsumer();
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                other.submit(() -> {
                    consumer.send(List.of(identities.get(0), bytes("pushed")));
                    return null;
                }).get(WAIT_SECONDS, TimeUnit.SECONDS);
            } finally {
                other.shutdown();
            }
            assertEquals("pushed", dealer.recvStr());
        }
    }

    @Test
    void routeInOnlyRoutesInOnlyAndStillRepliesOncePerRequest() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Queue<ExchangePattern> patterns = new ConcurrentLinkedQueue<>();
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:router:" + tcp(port) + "?routeInOnly=true").routeId("in-only")
                        .process(e -> patterns.add(e.getPattern()))
                        .to("direct:answer");
                from("direct:answer").transform(simple("re:${bodyAs(String)}"));
            }
        });
        try (ZMQ.Socket dealer = peer(SocketType.DEALER)) {
            dealer.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            dealer.connect(tcp(port));
            for (int r = 0; r < 3; r++) {
                dealer.sendMore("");
                dealer.send("m" + r);
            }
            for (int r = 0; r < 3; r++) {
                ZMsg reply = ZMsg.recvMsg(dealer);
                assertEquals("", reply.popString());
                assertEquals("re:m" + r, reply.popString());
            }
            dealer.setReceiveTimeOut(200);
            assertEquals(null, dealer.recv(), "one reply per request");
        }
        assertEquals(List.of(ExchangePattern.InOnly, ExchangePattern.InOnly, ExchangePattern.InOnly), List.copyOf(patterns));
    }
}
