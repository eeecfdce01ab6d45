package io.descartes.hub.bench;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One request read off a plain JeroMQ ROUTER by the hand-written baseline servers, with its envelope
 * (identity, optional empty delimiter) kept so the reply goes back framed as the request came.
 */
record RouterRequest(byte[] identity, boolean delimiter, byte[] payload) {

    /** A baseline server's ROUTER, bound: no linger, queues of 10,000 messages, CURVE when the bench runs it. */
    static ZMQ.Socket bind(ZContext ctx, String address) {
        ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
        router.setLinger(0);
        router.setRcvHWM(10_000);
        router.setSndHWM(10_000);
        BenchCurve.server(router);
        router.bind(address);
        return router;
    }

    /** The next request, or null when none is waiting (with ZMQ.DONTWAIT) or the socket closed. */
    static RouterRequest receive(ZMQ.Socket router, int flags) {
        byte[] identity = router.recv(flags);
        if (identity == null) {
            return null;
        }
        byte[] next = router.recv(0);
        boolean delimiter = next.length == 0 && router.hasReceiveMore();
        byte[] payload = delimiter ? router.recv(0) : next;
        while (router.hasReceiveMore()) {
            router.recv(0); // extra payload frames are not part of a Descartes message
        }
        return new RouterRequest(identity, delimiter, payload);
    }

    void reply(ZMQ.Socket router, byte[] reply) {
        router.sendMore(identity);
        if (delimiter) {
            router.sendMore(new byte[0]);
        }
        router.send(reply);
    }
}
