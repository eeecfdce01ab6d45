package io.descartes.hub.zmq;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Lets a thread that hands many messages to socket threads in a row (the journal's completion thread, a committed
 * batch of replies and PUB broadcasts) wake each socket thread once at the end instead of once per message: every
 * wake-up is a pipe write and a poll cycle of the socket thread, per event. Only the wake-up waits; the messages are
 * queued as before, and a send that finds its queue full wakes its socket at once.
 */
public final class ZmqWakeups {

    private static final ThreadLocal<Set<ZmqSocketLoop>> DEFERRED = new ThreadLocal<>();

    private ZmqWakeups() {
    }

    /** Runs {@code work} on this thread, waking each socket thread it queued messages for once, when it ends. */
    public static void coalesce(Runnable work) {
        if (DEFERRED.get() != null) {
            work.run(); // nested: the outer call wakes
            return;
        }
        Set<ZmqSocketLoop> loops = Collections.newSetFromMap(new IdentityHashMap<>(4)); // a route sends to a few sockets
        DEFERRED.set(loops);
        try {
            work.run();
        } finally {
            DEFERRED.remove();
            loops.forEach(ZmqSocketLoop::wake);
        }
    }

    /** Wakes {@code loop} now, or at the end of the enclosing {@link #coalesce} on this thread. */
    static void wakeSoon(ZmqSocketLoop loop) {
        Set<ZmqSocketLoop> deferred = DEFERRED.get();
        if (deferred == null) {
            loop.wake();
        } else {
            deferred.add(loop);
        }
    }
}
