package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.descartes.hub.testing.HandshakeMonitor;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/** A CURVE ROUTER with an allow-list serves listed clients only; the ZAP handler decides. */
class ZmqCurveAllowListTest extends ZmqTestSupport {

    private final ZMQ.Curve.KeyPair server = uriSafeKeyPair();
    private final ZMQ.Curve.KeyPair allowed = uriSafeKeyPair();
    private final ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();
    private final Queue<String> served = new ConcurrentLinkedQueue<>();
    private final Queue<String> userIds = new ConcurrentLinkedQueue<>();

    @Test
    void endpointOptionAdmitsOnlyListedKeys() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        startEcho("zmq:router:" + tcp(port) + "?curveServer=true&curvePublicKey=" + raw(server.publicKey)
                + "&curveSecretKey=" + raw(server.secretKey) + "&curveAllowedClients=" + raw(allowed.publicKey));
        assertRefusedThenServed(port);
    }

    @Test
    void componentBindCurveCoversBoundEndpointsWithoutOptions() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        context.getComponent("zmq", ZmqComponent.class).setBindCurve(
                new ServerCurve(server.publicKey, server.secretKey, Set.of(allowed.publicKey)));
        addRoutes(echo("zmq:router:" + tcp(port)));
        assertRefusedThenServed(port);
    }

    @Test
    void badAllowListsAreRefusedAtStartup() {
        assertThrows(FailedToCreateRouteException.class, () -> startEcho("zmq:router:" + tcp(AvailablePortFinder.getNextAvailable())
                + "?curveServer=true&curveSecretKey=" + raw(server.secretKey) + "&curveAllowedClients=short"));
        assertThrows(FailedToCreateRouteException.class, () -> startEcho("zmq:router:" + tcp(AvailablePortFinder.getNextAvailable())
                + "?curveAllowedClients=" + raw(allowed.publicKey)));
    }

    /**
     * Z85 uses URI characters such as & + % =, so keys go in RAW(...), which cannot hold a ')'; and Camel resolves
     * property placeholders in a URI before anything else, so a key in one cannot hold "{{" or "}}" either.
     */
    private static String raw(String key) {
        return "RAW(" + key + ")";
    }

    private static ZMQ.Curve.KeyPair uriSafeKeyPair() {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        boolean safe = Stream.of(pair.publicKey, pair.secretKey).noneMatch(k -> k.contains(")") || k.contains("{{") || k.contains("}}"));
        return safe ? pair : uriSafeKeyPair();
    }

    private void startEcho(String uri) throws Exception {
        addRoutes(echo(uri));
    }

    private RouteBuilder echo(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    served.add(e.getIn().getBody(String.class));
                    userIds.add(String.valueOf(e.getIn().getHeader(ZmqConstants.USER_ID)));
                }).transform(simple("re:${bodyAs(String)}"));
            }
        };
    }

    /** Unkeyed and unlisted clients fail their handshake and get nothing through; the listed one is served, under its key. */
    private void assertRefusedThenServed(int port) throws Exception {
        try (ZMQ.Socket unkeyed = peer(SocketType.DEALER); ZMQ.Socket unlisted = keyed(stranger);
             ZMQ.Socket listed = keyed(allowed)) {
            HandshakeMonitor.awaitRefusal(peers, unkeyed, tcp(port), "", "unkeyed");
            HandshakeMonitor.awaitRefusal(peers, unlisted, tcp(port), "", "unlisted");
            listed.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            listed.connect(tcp(port));
            listed.sendMore("");
            listed.send("listed");
            ZMsg reply = ZMsg.recvMsg(listed);
            assertEquals("", reply.popString());
            assertEquals("re:listed", reply.popString());
        }
        assertEquals("[listed]", served.toString());
        assertEquals("[" + allowed.publicKey + "]", userIds.toString());
    }

    private ZMQ.Socket keyed(ZMQ.Curve.KeyPair client) {
        return HandshakeMonitor.withCurve(peer(SocketType.DEALER), server.publicKey, client.publicKey, client.secretKey);
    }
}
