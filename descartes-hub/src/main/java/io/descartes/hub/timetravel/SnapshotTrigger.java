package io.descartes.hub.timetravel;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.ingest.IngestProperties;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.store.CommittedBatch;
import io.descartes.hub.store.CommittedEvent;
import io.descartes.hub.store.EventRow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code snapshotTrigger} step of {@code direct:snapshot-trigger}: decides from each protocol message a committed
 * batch stored (recorded by {@code frameRecorder}; not the hub's own events, so a snapshot never triggers another)
 * whether to snapshot its agent (a status in {@code hub.snapshots.on-status}, or every
 * {@code hub.snapshots.every-events}-th event of the agent) and queues the snapshot with that
 * event's id as its last event. Runs on the journal's completion thread, so it only decides and queues.
 * The per-agent event counters live in memory and restart at 0 with the hub.
 */
public final class SnapshotTrigger implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTrigger.class);

    private final Set<String> onStatus;
    private final long everyEvents;
    private final SnapshotQueue queue;
    private final SnapshotService snapshots;
    private final ObjectMapper mapper;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    public SnapshotTrigger(Set<String> onStatus, long everyEvents, SnapshotQueue queue, SnapshotService snapshots,
                           ObjectMapper mapper) {
        this.onStatus = Set.copyOf(onStatus);
        this.everyEvents = everyEvents;
        this.queue = queue;
        this.snapshots = snapshots;
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) {
        for (CommittedEvent e : exchange.getMessage().getBody(CommittedBatch.class).committed()) {
            Object message = e.property(IngestProperties.MESSAGE, Object.class);
            if (message != null && e.row() != null && e.row().agentId() != null) {
                decide(e.row(), message);
            }
        }
    }

    private void decide(EventRow row, Object message) {
        String status = message instanceof StatusUpdate s && s.status() != null ? s.status().wire() : null;
        long count = everyEvents > 0 ? counters.computeIfAbsent(row.agentId(), id -> new AtomicLong()).incrementAndGet() : 0;
        if (status != null && onStatus.contains(status)) {
            queue.submit(row.agentId(), superseded -> take(row, "status " + status,
                    metadata(row, superseded).put("trigger", "status").put("status", status)));
        } else if (everyEvents > 0 && count % everyEvents == 0) {
            queue.submit(row.agentId(), superseded -> take(row, "every " + everyEvents + " events",
                    metadata(row, superseded).put("trigger", "every_events").put("agent_event_count", count)));
        }
    }

    /** {@code superseded}: the agent's triggers since its previous snapshot that this one stands for. */
    private ObjectNode metadata(EventRow row, int superseded) {
        ObjectNode metadata = mapper.createObjectNode().put("event_type", row.eventType());
        return superseded > 0 ? metadata.put("superseded", superseded) : metadata;
    }

    private void take(EventRow row, String description, ObjectNode metadata) {
        try {
            snapshots.take(row.agentId(), row.id(), description, metadata);
        } catch (SnapshotEventNotRecorded e) {
            LOG.warn(e.getMessage());
        } catch (Exception e) {
            LOG.warn("snapshot of agent {} at event {} failed: {}", row.agentId(), row.id(), e.toString());
        }
    }
}
