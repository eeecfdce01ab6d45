package io.descartes.hub.zmq;

import java.util.List;

/**
 * Which server a producer with {@code failover=true} talks to: the ZeroMQ guide's Freelance pattern (chapter 4,
 * "simple retry and failover"). The socket connects to one address at a time, the first to start with, and sticks to
 * it while it answers, so one sender's requests are not spread over servers out of order (as a DEALER connected to
 * all of them would round-robin them). A request that times out with nothing heard from that server since it was sent
 * moves the socket to the next address, round the list. Times are {@link System#nanoTime()} values; used on the
 * socket thread only.
 */
final class FailoverAddresses {

    private final List<String> addresses;
    private int current;
    /** When the socket moved to the current address: requests sent before went to another one. */
    private long since;
    /** When the current server last sent anything; none yet = it has not answered since the move. */
    private long lastHeard;
    private boolean heardAny;

    FailoverAddresses(List<String> addresses, long now) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("failover needs at least one address");
        }
        this.addresses = List.copyOf(addresses);
        this.since = now;
    }

    /** The one address the socket connects to now. */
    String current() {
        return addresses.get(current);
    }

    /** Anything received from the current server, a late reply too: it is alive. */
    void heard(long now) {
        lastHeard = now;
        heardAny = true;
    }

    /**
     * A request sent at {@code sentAt} got no reply in time. If it went to the current server and that server has
     * been silent since, the socket moves to the next address: returns true, and the caller reopens the socket. A
     * server that answered other requests since is slow, not gone; a single address has nowhere to move.
     */
    boolean timedOut(long sentAt, long now) {
        if (addresses.size() < 2 || sentAt - since < 0 || heardAny && lastHeard - sentAt >= 0) {
            return false;
        }
        current = (current + 1) % addresses.size();
        since = now;
        heardAny = false;
        return true;
    }

    /** Whether a request sent at {@code sentAt} went to a server the socket has left. */
    boolean sentBeforeMove(long sentAt) {
        return sentAt - since < 0;
    }
}
