package io.descartes.hub.bus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pending deliveries in memory, per recipient, highest priority first, then in the order they were stored: the
 * dispatcher's due queue, so a round asks the store for nothing but what is new. The store stays the truth: the queue
 * is rebuilt from it at start (everything pending after event id 0) and for an address that attaches again, and an
 * entry the store no longer has pending (acked meanwhile) is dropped when its delivery is marked. Used by the
 * dispatcher's thread only.
 */
final class BusQueue {

    /** A pending delivery: which attempt comes next is {@code attempts + 1}. */
    record Queued(long eventId, String recipient, int priority, int attempts, boolean requiresAck, Long expiresAt) {
    }

    private static final Comparator<Queued> ORDER =
            Comparator.comparingInt(Queued::priority).reversed().thenComparingLong(Queued::eventId);

    private final Map<String, TreeSet<Queued>> byRecipient = new HashMap<>();
    /** The newest event id whose deliveries were read from the store: later ones are new. */
    private long seenUpTo;

    long seenUpTo() {
        return seenUpTo;
    }

    /** Deliveries read from the store; a delivery already queued stays once. */
    void addAll(Collection<Queued> deliveries) {
        for (Queued q : deliveries) {
            byRecipient.computeIfAbsent(q.recipient(), r -> new TreeSet<>(ORDER)).add(q);
            seenUpTo = Math.max(seenUpTo, q.eventId());
        }
    }

    /** The recipient's pending deliveries as the store has them now (it attached again). */
    void replace(String recipient, Collection<Queued> deliveries) {
        byRecipient.remove(recipient);
        addAll(deliveries);
    }

    /** Forgets everything: the next {@link #addAll} of what is pending after {@link #seenUpTo()} (0) rebuilds it. */
    void clear() {
        byRecipient.clear();
        seenUpTo = 0;
    }

    Set<String> recipients() {
        return Set.copyOf(byRecipient.keySet());
    }

    /**
     * Takes the recipient's next {@code max} deliveries off the queue; those whose message expired by {@code now} are
     * dropped (the sweep records their expiry).
     */
    List<Queued> take(String recipient, int max, long now) {
        TreeSet<Queued> queued = byRecipient.get(recipient);
        List<Queued> taken = new ArrayList<>(Math.min(max, queued == null ? 0 : queued.size()));
        for (Iterator<Queued> it = queued == null ? null : queued.iterator(); it != null && it.hasNext()
                && taken.size() < max; ) {
            Queued q = it.next();
            it.remove();
            if (q.expiresAt() == null || q.expiresAt() > now) {
                taken.add(q);
            }
        }
        if (queued != null && queued.isEmpty()) {
            byRecipient.remove(recipient);
        }
        return taken;
    }
}
