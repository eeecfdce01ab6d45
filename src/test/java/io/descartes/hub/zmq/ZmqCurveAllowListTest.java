package io.descartes.hub.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/** A CURVE ROUTER with an allow-list serves listed clients only; the ZAP handler decides. */
class ZmqCurveAllowListTest extends ZmqTestSupport {

    /** Before any HANDSHAKE_SUCCEEDED, each of these means the server turned the client away. */
    private static final Set<Integer> REFUSED = Set.of(zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
            zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH,
            zmq.ZMQ.ZMQ_EVENT_DISCONNECTED);

    private final ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair allowed = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();
    private final Queue<String> served = new ConcurrentLinkedQueue<>();

    @Test
    void endpointOptionAdmitsOnlyListedKeys() throws Exception {
        int port = freePort();
        startEcho("zmq:router:" + tcp(port) + "?curveServer=true&curvePublicKey=" + raw(server.publicKey)
                + "&curveSecretKey=" + raw(server.secretKey) + "&curveAllowedClients=" + raw(allowed.publicKey));
        assertRefusedThenServed(port);
    }

    @Test
    void componentBindCurveCoversBoundEndpointsWithoutOptions() throws Exception {
        int port = freePort();
        context = new org.apache.camel.impl.DefaultCamelContext();
        context.getComponent("zmq", ZmqComponent.class).setBindCurve(
                new ServerCurve(server.publicKey, server.secretKey, Set.of(allowed.publicKey)));
        context.addRoutes(echo("zmq:router:" + tcp(port)));
        context.start();
        assertRefusedThenServed(port);
    }

    @Test
    void badAllowListsAreRefusedAtStartup() {
        assertThrows(FailedToCreateRouteException.class, () -> startEcho("zmq:router:" + tcp(freePort())
                + "?curveServer=true&curveSecretKey=" + raw(server.secretKey) + "&curveAllowedClients=short"));
        assertThrows(FailedToCreateRouteException.class, () -> startEcho("zmq:router:" + tcp(freePort())
                + "?curveAllowedClients=" + raw(allowed.publicKey)));
    }

    /** Z85 uses URI characters such as & + % = */
    private static String raw(String key) {
        return "RAW(" + key + ")";
    }

    private void startEcho(String uri) throws Exception {
        start(echo(uri));
    }

    private RouteBuilder echo(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> served.add(e.getIn().getBody(String.class))).transform(simple("re:${bodyAs(String)}"));
            }
        };
    }

    /** Unkeyed and unlisted clients fail their handshake and get nothing through; the listed one is served. */
    private void assertRefusedThenServed(int port) throws Exception {
        try (ZMQ.Socket unkeyed = peer(SocketType.DEALER); ZMQ.Socket unlisted = keyed(stranger);
             ZMQ.Socket listed = keyed(allowed)) {
            awaitRefusal(unkeyed, port, "unkeyed");
            awaitRefusal(unlisted, port, "unlisted");
            listed.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            listed.connect(tcp(port));
            listed.sendMore("");
            listed.send("listed");
            ZMsg reply = ZMsg.recvMsg(listed);
            assertEquals("", reply.popString());
            assertEquals("re:listed", reply.popString());
        }
        assertEquals("[listed]", served.toString());
    }

    private ZMQ.Socket keyed(ZMQ.Curve.KeyPair client) {
        ZMQ.Socket socket = peer(SocketType.DEALER);
        socket.setCurveServerKey(ZMQ.Curve.z85Decode(server.publicKey));
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey));
        return socket;
    }

    /** Connects, queues a message and waits for the handshake failure the monitor reports. */
    private void awaitRefusal(ZMQ.Socket client, int port, String name) {
        String monitorAddress = "inproc://monitor-" + name + "-" + port;
        client.monitor(monitorAddress, ZMQ.EVENT_ALL);
        try (ZMQ.Socket monitor = peers.createSocket(SocketType.PAIR)) {
            monitor.setReceiveTimeOut((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            monitor.connect(monitorAddress);
            client.connect(tcp(port));
            client.sendMore("");
            client.send(name);
            while (true) {
                ZMQ.Event event = ZMQ.Event.recv(monitor);
                assertTrue(event != null, name + ": no handshake failure reported");
                assertTrue(event.getEvent() != zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED, name + " was admitted");
                if (REFUSED.contains(event.getEvent())) {
                    return;
                }
            }
        } finally {
            client.monitor(null, 0);
        }
    }
}
