package io.descartes.hub.testing;

import java.util.UUID;

import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import org.zeromq.ZMQ;

/** A SUB socket on the hub's PUB endpoint made ready to receive. */
public final class PubSubscription {

    private PubSubscription() {
    }

    /**
     * PUB drops messages until the subscription has reached it: probes with heartbeats about {@code agent} on the
     * runner link until one arrives, then discards the late probes, so the test sees only its own events.
     */
    public static void await(DescartesPeer runner, ZMQ.Socket sub, UUID agent) {
        sub.setReceiveTimeOut(200);
        Waits.await("the subscription to reach the PUB socket").until(() -> {
            runner.call(new StatusUpdate(agent, StatusUpdateType.HEARTBEAT, null, "probe", null, WireTime.now()));
            return sub.recv() != null;
        });
        while (sub.recv(ZMQ.DONTWAIT) != null) {
            // the rest of the probe's frames and later probes
        }
        sub.setReceiveTimeOut(10_000);
    }
}
