package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

class ZmqPatternsTest extends ZmqTestSupport {

    @Test
    void subscribersOnlyGetTheirTopics() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Queue<String> onlyA = new ConcurrentLinkedQueue<>();
        Queue<String> all = new ConcurrentLinkedQueue<>();
        CountDownLatch warm = new CountDownLatch(2);
        CountDownLatch done = new CountDownLatch(2);
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:sub:" + tcp(port) + "?topics=a,c&" + FAST_HANDSHAKE).process(e -> collect(e.getIn(), onlyA, warm, done));
                from("zmq:sub:" + tcp(port) + "?" + FAST_HANDSHAKE).process(e -> collect(e.getIn(), all, warm, done));
            }
        });
        String pub = "zmq:pub:" + tcp(port);
        // PUB drops messages until a subscription has propagated, so publish until both subscribers hear one
        while (!warm.await(100, TimeUnit.MILLISECONDS)) {
            template.sendBodyAndHeader(pub, "warm-up", ZmqConstants.TOPIC, "a");
        }
        template.sendBodyAndHeader(pub, "for b", ZmqConstants.TOPIC, "b");
        template.sendBodyAndHeader(pub, "for c", ZmqConstants.TOPIC, "c");
        template.sendBodyAndHeader(pub, "done", ZmqConstants.TOPIC, "a");
        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(onlyA.contains("c/for c") && !onlyA.contains("b/for b"), onlyA.toString());
        assertTrue(all.contains("c/for c") && all.contains("b/for b"), all.toString());
    }

    private static void collect(org.apache.camel.Message in, Queue<String> into, CountDownLatch warm, CountDownLatch done) {
        String body = in.getBody(String.class);
        into.add(in.getHeader(ZmqConstants.TOPIC, String.class) + "/" + body);
        if (body.equals("warm-up") && into.stream().filter(s -> s.endsWith("/warm-up")).count() == 1) {
            warm.countDown();
        }
        if (body.equals("done")) {
            done.countDown();
        }
    }

    @Test
    void pushPullOverInprocOnTwoAddressesDeliversEveryMessage() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        CountDownLatch latch = new CountDownLatch(200);
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:pull:inproc://jobs,inproc://more-jobs").process(e -> {
                    received.add(e.getIn().getBody(String.class));
                    latch.countDown();
                });
            }
        });
        for (int i = 0; i < 200; i++) {
            template.sendBody(i % 2 == 0 ? "zmq:push:inproc://jobs" : "zmq:push:inproc://more-jobs", "job" + i);
        }
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(200, received.size());
    }

    @Test
    void aBatchBodyGoesOutAsOneMessagePerElementInOrder() throws Exception {
        Queue<String> received = new ConcurrentLinkedQueue<>();
        CountDownLatch latch = new CountDownLatch(3);
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:pull:inproc://batches").process(e -> {
                    List<?> frames = e.getIn().getHeader(ZmqConstants.FRAMES, List.class);
                    received.add(frames.stream().map(f -> new String((byte[]) f)).toList().toString());
                    latch.countDown();
                });
            }
        });
        template.sendBodyAndHeader("zmq:push:inproc://batches",
                List.of(List.of("a1", "a2"), "b", List.of("c1", "c2", "c3")), ZmqConstants.BATCH, true);
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("[a1, a2]", "[b]", "[c1, c2, c3]"), List.copyOf(received));
    }

    @Test
    void reqRepIsOneReplyPerRequestEvenFromManyThreads() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:rep:" + tcp(port)).transform(simple("rep:${bodyAs(String)}"));
            }
        });
        String req = "zmq:req:" + tcp(port) + "?requestTimeout=10000&" + FAST_HANDSHAKE;
        assertEquals("rep:x", template.requestBody(req, "x", String.class));
        List<CompletableFuture<String>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(template.asyncRequestBody(req, "r" + i, String.class));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("rep:r" + i, replies.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }
}
