package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import zmq.ZError;

class ZmqBackpressureTest extends ZmqTestSupport {

    private static final int MAX_IN_FLIGHT = 2;
    private static final int SEND_CAP = 2000;

    /** Completes nothing until released, like a store that has not committed yet. */
    private static final class ParkingProcessor extends AsyncProcessorSupport {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger received = new AtomicInteger();
        final CountDownLatch firstArrivals = new CountDownLatch(MAX_IN_FLIGHT);
        private final List<AsyncCallback> parked = new ArrayList<>();
        private boolean released;

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            received.incrementAndGet();
            firstArrivals.countDown();
            synchronized (this) {
                if (!released) {
                    parked.add(callback);
                    return false;
                }
            }
            inFlight.decrementAndGet();
            callback.done(true);
            return true;
        }

        void release() {
            List<AsyncCallback> waiting;
            synchronized (this) {
                released = true;
                waiting = new ArrayList<>(parked);
                parked.clear();
            }
            for (AsyncCallback callback : waiting) {
                inFlight.decrementAndGet();
                callback.done(false);
            }
        }
    }

    @Test
    void aSlowRouteStopsReadingSoTheSenderBlocks() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        ParkingProcessor slow = new ParkingProcessor();
        addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:pull:" + tcp(port) + "?receiveHighWaterMark=2&maxInFlight=" + MAX_IN_FLIGHT)
                        .routeId("slow").process(slow);
            }
        });
        try (ZMQ.Socket push = peer(SocketType.PUSH)) {
            push.setSndHWM(2);
            push.connect(tcp(port));
            byte[] payload = new byte[64 * 1024];
            assertTrue(push.send(payload, 0), "first message, blocking until connected");
            int sent = 1;
            while (sent < SEND_CAP && push.send(payload, ZMQ.DONTWAIT)) {
                sent++;
            }
            assertTrue(sent < SEND_CAP, "the sender never blocked: the hub buffered " + sent + " messages");
            assertEquals(ZError.EAGAIN, push.errno());
            assertTrue(slow.firstArrivals.await(WAIT_SECONDS, TimeUnit.SECONDS));

            ZmqConsumer consumer = (ZmqConsumer) context.getRoute("slow").getConsumer();
            assertEquals(MAX_IN_FLIGHT, slow.received.get(), "nothing read beyond maxInFlight");
            assertEquals(MAX_IN_FLIGHT, slow.maxInFlight.get());
            assertEquals(MAX_IN_FLIGHT, consumer.getInFlight());

            slow.release();
            int all = sent;
            await("everything sent").until(() -> slow.received.get() >= all);
            assertEquals(sent, slow.received.get(), "everything the sender got rid of arrives once released");
            assertTrue(slow.maxInFlight.get() <= MAX_IN_FLIGHT);
        }
    }
}
