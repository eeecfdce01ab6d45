package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

class ZmqLifecycleTest extends ZmqTestSupport {

    /** JeroMQ threads of the component are named zmq-iothread-N, zmq-reaper-N; test peers keep the plain names. */
    private static final Pattern ZMQ_THREAD = Pattern.compile("(?i).*zmq.*");

    private static RouteBuilder echo(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("echo").transform(simple("re:${bodyAs(String)}"));
            }
        };
    }

    @Test
    void stoppingTheContextLeavesNoZmqThreads() throws Exception {
        Set<String> before = zmqThreads();
        int port = AvailablePortFinder.getNextAvailable();
        addRoutes(echo("zmq:router:" + tcp(port)), new RouteBuilder() {
            @Override
            public void configure() {
                from("zmq:pull:inproc://sink").to("zmq:push:inproc://elsewhere");
            }
        });
        assertEquals("re:a", template.requestBody("zmq:dealer:" + tcp(port) + "?" + FAST_HANDSHAKE, "a", String.class));
        template.sendBody("zmq:push:inproc://sink", "b");
        assertFalse(zmqThreads().isEmpty());

        context.stop();
        Set<String> leaked = zmqThreads();
        leaked.removeAll(before);
        assertEquals(Set.of(), leaked);
    }

    private static Set<String> zmqThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> ZMQ_THREAD.matcher(name).matches()).collect(Collectors.toSet());
    }

    @Test
    void aStoppedRouteRebindsItsPortWhenStartedAgain() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        addRoutes(echo("zmq:router:" + tcp(port)));
        String dealer = "zmq:dealer:" + tcp(port) + "?requestTimeout=10000&" + FAST_HANDSHAKE;
        assertEquals("re:1", template.requestBody(dealer, "1", String.class));
        context.getRouteController().stopRoute("echo");
        context.getRouteController().startRoute("echo");
        assertEquals("re:2", template.requestBody(dealer, "2", String.class));
    }

    @Test
    void healthCheckIsUpWhileTheSocketRunsAndDownAfter() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        String uri = "zmq:router:" + tcp(port);
        addRoutes(echo(uri));
        ZmqEndpoint endpoint = context.getEndpoint(uri, ZmqEndpoint.class);
        HealthCheck check = ((ZmqConsumer) context.getRoute("echo").getConsumer()).getHealthCheck();
        assertEquals("zmq-consumer:router:" + tcp(port), check.getId());
        assertEquals(HealthCheck.State.UP, check.call().getState());
        // camel-main enables the consumers repository (camel.health.consumers-enabled); a bare context resolves it
        assertNotNull(HealthCheckHelper.getHealthCheckRepository(context, "consumers"));
        assertEquals(HealthCheck.State.UP,
                HealthCheckHelper.invoke(context, "consumer:echo", Map.of()).orElseThrow().getState(),
                "reported through Camel's consumer health checks");
        assertTrue(endpoint.isSocketReady());

        context.getRouteController().stopRoute("echo");
        HealthCheck.Result down = check.call();
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertEquals("socket closed", down.getMessage().orElse(""));
        assertFalse(endpoint.isSocketReady());
    }

    @Test
    void badUrisFailWithAClearMessage() throws Exception {
        assertRejected("zmq:bogus:tcp://127.0.0.1:5555", "Unknown ZMQ socket type 'bogus'");
        assertRejected("zmq:router:tcp://127.0.0.1", "Invalid ZMQ address 'tcp://127.0.0.1'");
        assertRejected("zmq:router:http://127.0.0.1:5555", "Invalid ZMQ address");
        assertRejected("zmq:dealer:tcp://127.0.0.1:70000", "port must be 1-65535");
        assertRejected("zmq:router:tcp://127.0.0.1:5555?bogus=1", "bogus");
        assertRejected("zmq:pull:tcp://127.0.0.1:5555?receiveHighWaterMark=-1", "Option receiveHighWaterMark must be >= 0");
        assertRejected("zmq:pull:tcp://127.0.0.1:5555?maxInFlight=0", "Option maxInFlight");
        assertRejected("zmq:pull:tcp://127.0.0.1:5555?topics=a", "Options topics and topicFrame only apply to SUB");
        assertRejected("zmq:dealer:tcp://127.0.0.1:5555?curveServerKey=short", "Option curveServerKey");
        assertRejected("zmq:rep:tcp://127.0.0.1:5555?exchangePattern=InOnly", "Option exchangePattern");
    }

    private void assertRejected(String uri, String expected) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri));
        assertTrue(e.getMessage().contains(expected), () -> "'" + expected + "' not in: " + e.getMessage());
    }

    @Test
    void aPortInUseFailsRouteStartupNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exception e = assertThrows(Exception.class, () -> addRoutes(echo("zmq:router:" + tcp(taken.getLocalPort()))));
            assertTrue(e.getMessage().contains("address already in use: " + tcp(taken.getLocalPort())), e::toString);
        }
    }

    @Test
    void curveKeysEncryptARouterDealerPair() throws Exception {
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
        int port = AvailablePortFinder.getNextAvailable();
        // Z85 keys hold URI delimiters (&, ?, #...), so they are set as properties rather than in the URI
        ZmqEndpoint router = context.getEndpoint("zmq:router:" + tcp(port), ZmqEndpoint.class);
        router.getConfiguration().setCurveServer(true);
        router.getConfiguration().setCurveSecretKey(server.secretKey);
        ZmqEndpoint dealer = context.getEndpoint("zmq:dealer:" + tcp(port) + "?" + FAST_HANDSHAKE, ZmqEndpoint.class);
        dealer.getConfiguration().setCurveServerKey(server.publicKey);
        dealer.getConfiguration().setCurvePublicKey(client.publicKey);
        dealer.getConfiguration().setCurveSecretKey(client.secretKey);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(router).transform(simple("re:${bodyAs(String)}"));
            }
        });
        assertEquals("re:secret", template.requestBody(dealer, "secret", String.class));
    }
}
