package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

class ZmqRequestProducerTest extends ZmqTestSupport {

    @Test
    void dealerRequestsArePipelinedAgainstARouterRoute() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:router:" + tcp(port)).transform(simple("re:${bodyAs(String)}"));
            }
        });
        String uri = "zmq:dealer:" + tcp(port) + "?requestTimeout=10000&" + FAST_HANDSHAKE;
        assertEquals("re:ping", template.requestBody(uri, "ping", String.class));

        List<CompletableFuture<String>> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            replies.add(template.asyncRequestBody(uri, "m" + i, String.class));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("re:m" + i, replies.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void dealerTalksToARepServerAndReconnectsWhenItRestarts() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        String uri = "zmq:dealer:" + tcp(port) + "?requestTimeout=1000&reconnectInterval=50&reconnectIntervalMax=200&"
                + FAST_HANDSHAKE;

        RepServer first = new RepServer(port, "one:");
        assertEquals("one:a", requestWithRetries(uri, "a"));
        first.close();

        RepServer second = new RepServer(port, "two:");
        assertEquals("two:b", requestWithRetries(uri, "b"));
        second.close();
    }

    @Test
    void failoverSticksToOneServerAndMovesToTheNextWhenItGoesSilent() throws Exception {
        int first = AvailablePortFinder.getNextAvailable();
        int second = AvailablePortFinder.getNextAvailable();
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:router:" + tcp(first)).routeId("first").transform(simple("first:${bodyAs(String)}"));
                from("zmq:router:" + tcp(second)).routeId("second").transform(simple("second:${bodyAs(String)}"));
            }
        });
        String uri = "zmq:dealer:" + tcp(first) + "," + tcp(second) + "?failover=true&requestTimeout=1000&" + FAST_HANDSHAKE;
        for (int i = 0; i < 20; i++) {
            assertEquals("first:" + i, template.requestBody(uri, String.valueOf(i), String.class), "no round robin");
        }
        context.getRouteController().stopRoute("first");
        assertEquals("second:moved", requestWithRetries(uri, "moved"));
        context.getRouteController().startRoute("first");
        for (int i = 0; i < 20; i++) {
            assertEquals("second:" + i, template.requestBody(uri, String.valueOf(i), String.class),
                    "stays on the server that answers, though the first is back");
        }
    }

    @Test
    void failoverAppliesToConnectingRequestSocketsOnly() {
        Exception e = assertThrows(Exception.class, () -> context.getEndpoint("zmq:router:tcp://127.0.0.1:1?failover=true"));
        assertTrue(e.getCause().getMessage().contains("Option failover"), e.getCause().getMessage());
    }

    /** A request sent while the peer is away may be lost; the caller's retry is what the timeout is for. */
    private String requestWithRetries(String uri, String body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return template.requestBody(uri, body, String.class);
            } catch (CamelExecutionException e) {
                assertInstanceOf(ExchangeTimedOutException.class, e.getCause());
                assertTrue(attempt < 20, "no reply after " + attempt + " attempts");
            }
        }
    }

    @Test
    void dealerTimeoutDropsTheLateReply() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        CountDownLatch timedOut = new CountDownLatch(1);
        try (ZMQ.Socket router = peer(SocketType.ROUTER)) {
            router.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            router.bind(tcp(port));
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                ZMsg held = ZMsg.recvMsg(router);
                await(timedOut);
                held.getLast().reset("late");
                held.send(router);
                ZMsg next = ZMsg.recvMsg(router);
                next.getLast().reset("on time");
                next.send(router);
            });
            String uri = "zmq:dealer:" + tcp(port) + "?requestTimeout=300&" + FAST_HANDSHAKE;
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> template.requestBody(uri, "first", String.class));
            assertInstanceOf(ExchangeTimedOutException.class, e.getCause());
            timedOut.countDown();
            assertEquals("on time", template.requestBody(uri.replace("300", "10000"), "second", String.class));
            server.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void reqIsLockStepAndReopensItsSocketAfterATimeout() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        try (ZMQ.Socket router = peer(SocketType.ROUTER)) {
            router.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            router.bind(tcp(port));
            // long enough that the second request (on the reopened socket, which may need a reconnect on a
            // loaded machine) is answered in time; the first one still times out because it is held
            String uri = "zmq:req:" + tcp(port) + "?requestTimeout=2000&" + FAST_HANDSHAKE;
            CompletableFuture<Object> first = template.asyncRequestBody(uri, "first");
            ZMsg held = ZMsg.recvMsg(router);
            ExecutionFailure.assertTimedOut(first);

            CompletableFuture<String> second = template.asyncRequestBody(uri, "second", String.class);
            ZMsg next = ZMsg.recvMsg(router);
            held.getLast().reset("late");
            held.send(router);
            next.getLast().reset("on time");
            next.send(router);
            assertEquals("on time", second.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A plain JeroMQ REP server answering prefix + request until closed. */
    private final class RepServer implements AutoCloseable {
        private final ZMQ.Socket socket = peer(SocketType.REP);
        private final CompletableFuture<Void> loop;
        private volatile boolean running = true;

        RepServer(int port, String prefix) {
            socket.setReceiveTimeOut(50);
            socket.setLinger(0);
            bindWhenReleased(socket, tcp(port));
            loop = CompletableFuture.runAsync(() -> {
                while (running) {
                    String request = socket.recvStr();
                    if (request != null) {
                        socket.send(prefix + request);
                    }
                }
                peers.destroySocket(socket);
            });
        }

        @Override
        public void close() throws Exception {
            running = false;
            loop.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
