package io.descartes.hub.bus;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which ZeroMQ connection is which bus address ({@code bus_attach}), in memory: a peer attaches again after it
 * reconnects or the hub restarts; a connection that ends lets go of its addresses. With CURVE an address belongs to the client key that attached it first, for the
 * hub's lifetime; without CURVE (loopback only, where every local user has full rights) a newer connection takes it over.
 */
public final class BusAddresses {

    /**
     * @param principal     the peer's CURVE key (authenticated), else its connection's routing id in hex
     * @param routing       the routing frames a delivery is sent with (the ROUTER's envelope, identity first)
     * @param delimited     whether the peer frames with an empty delimiter (REQ style), which a delivery repeats
     * @param transport     how deliveries reach it: {@link #ZMQ}, {@link #LOCAL} (an agent the hub runs) or
     *                      {@link #RUNNER} (an agent of a remote runner)
     */
    public record Attachment(String address, String principal, boolean authenticated, List<byte[]> routing,
                             boolean delimited, String transport) {
    }

    public static final String ZMQ = "zmq";
    public static final String LOCAL = "local";
    public static final String RUNNER = "runner";

    private final ConcurrentMap<String, Attachment> byAddress = new ConcurrentHashMap<>();

    /** Attaches the address to the peer; {@code forbidden} when another CURVE key holds it. */
    public void attach(Attachment attachment) {
        byAddress.compute(attachment.address(), (address, held) -> {
            if (held != null && held.authenticated() && !held.principal().equals(attachment.principal())) {
                throw BusRefusal.forbidden("bus address '" + address + "' is attached by another client key");
            }
            return attachment;
        });
    }

    /** The peer lets go of the address (an agent process that ended); a newer holder keeps it. */
    public void detach(String address, String principal) {
        byAddress.computeIfPresent(address, (a, held) -> held.principal().equals(principal) ? null : held);
    }

    /** The ZeroMQ connection with this routing id is gone: the addresses it attached detach; returns them. */
    public List<String> detachConnection(byte[] routingId) {
        List<String> gone = new java.util.ArrayList<>();
        byAddress.forEach((address, held) -> {
            if (held.routing() != null && java.util.Arrays.equals(held.routing().get(0), routingId)
                    && byAddress.remove(address, held)) {
                gone.add(address);
            }
        });
        return gone;
    }

    /** Attached addresses (a gauge). */
    public int size() {
        return byAddress.size();
    }

    /** Whether this peer attached the address (and may send as it, ack for it, subscribe it). */
    public boolean heldBy(String address, String principal) {
        Attachment held = byAddress.get(address);
        return held != null && held.principal().equals(principal);
    }

    public Attachment get(String address) {
        return byAddress.get(address);
    }
}
