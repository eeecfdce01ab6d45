package io.descartes.hub.bus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.descartes.hub.metrics.HubMeters;

/**
 * The bus's Prometheus meters, per topic and per sender: {@code descartes_bus_topic_messages_total{topic, outcome}} and
 * {@code descartes_bus_sender_messages_total{sender, outcome}} (outcome sent, delivered, expired, dead_lettered; a
 * message without a topic counts under topic ""), and the gauges {@code descartes_bus_topic_pending{topic}},
 * {@code descartes_bus_sender_pending{sender}}: deliveries waiting, as of the dispatcher's last round.
 */
public final class BusMeters {

    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String EXPIRED = "expired";
    public static final String DEAD_LETTERED = "dead_lettered";

    private final HubMeters meters;
    private final Map<String, AtomicLong> pendingByTopic = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pendingBySender = new ConcurrentHashMap<>();

    public BusMeters(HubMeters meters) {
        this.meters = meters;
    }

    public void count(String outcome, String topic, String sender) {
        meters.count("descartes.bus.topic.messages", "bus messages by topic and outcome",
                "topic", topic == null ? "" : topic, "outcome", outcome);
        meters.count("descartes.bus.sender.messages", "bus messages by sender and outcome",
                "sender", sender, "outcome", outcome);
    }

    public void ended(String outcome, List<BusDeliveryLog.Ended> ended) {
        ended.forEach(e -> count(outcome, e.topic(), e.sender()));
    }

    /** Rows of {topic, sender, count}: every gauge not in them drops to zero. */
    public void pending(List<String[]> counts) {
        Map<String, Long> topics = new java.util.HashMap<>();
        Map<String, Long> senders = new java.util.HashMap<>();
        for (String[] row : counts) {
            topics.merge(row[0], Long.parseLong(row[2]), Long::sum);
            senders.merge(row[1], Long.parseLong(row[2]), Long::sum);
        }
        set(pendingByTopic, topics, "descartes.bus.topic.pending", "topic");
        set(pendingBySender, senders, "descartes.bus.sender.pending", "sender");
    }

    private void set(Map<String, AtomicLong> gauges, Map<String, Long> now, String name, String tag) {
        gauges.forEach((key, gauge) -> gauge.set(now.getOrDefault(key, 0L)));
        now.forEach((key, count) -> gauges.computeIfAbsent(key, k -> {
            AtomicLong gauge = new AtomicLong();
            meters.gauge(name, "bus deliveries waiting, by " + tag, gauge::get, tag, k);
            return gauge;
        }).set(count));
    }
}
