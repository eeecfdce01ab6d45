package io.descartes.hub.timetravel;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.api.EventJson;
import io.descartes.hub.http.ApiException;
import io.descartes.hub.http.JsonBody;
import io.descartes.hub.http.JsonResponse;
import io.descartes.hub.http.Page;
import io.descartes.hub.http.QueryParameters;
import io.descartes.hub.store.EventRow;
import org.apache.camel.Exchange;

/**
 * Time travel over HTTP (bean {@code timeTravelApi}, called from routes/http-timetravel.camel.yaml):
 * snapshots on demand and their listing, rewind, and an agent's timeline (its events with its
 * snapshots placed after the event they end at) for a UI slider. Pages are cursors as in
 * {@link EventsHttpApi}.
 */
public final class TimeTravelHttpApi {

    private static final Set<String> SNAPSHOT_FIELDS = Set.of("agent_id", "description");
    private static final Set<String> REWIND_FIELDS =
            Set.of("agent_id", "snapshot_id", "event_id", "git_commit", "backup_ref", "dry_run", "pause");

    private final SnapshotService snapshotService;
    private final SnapshotStore snapshots;
    private final RewindService rewinds;
    private final AgentEventLog log;
    private final EventJson eventJson;
    private final ObjectMapper mapper;
    private final int defaultLimit;
    private final int maxLimit;

    public TimeTravelHttpApi(SnapshotService snapshotService, SnapshotStore snapshots, RewindService rewinds,
                             AgentEventLog log, ObjectMapper mapper, int defaultLimit, int maxLimit) {
        this.snapshotService = snapshotService;
        this.snapshots = snapshots;
        this.rewinds = rewinds;
        this.log = log;
        this.eventJson = new EventJson();
        this.mapper = mapper;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /** {@code POST /api/snapshots {agent_id, description}}: snapshots the agent at its latest event. */
    public void createSnapshot(Exchange exchange) {
        JsonResponse.send(exchange, mapper, () -> {
            JsonBody body = JsonBody.parse(exchange, SNAPSHOT_FIELDS);
            String agentId = agentId(body.requiredText("agent_id"));
            String description = body.text("description");
            long lastEvent = log.latestEventId(agentId)
                    .orElseThrow(() -> new ApiException(404, "unknown agent " + agentId + ": no events recorded"));
            Snapshot snapshot = conflictIfBusy(() -> snapshotService.take(agentId, lastEvent,
                            description == null ? "on demand" : description, mapper.createObjectNode().put("trigger", "http")))
                    .orElseThrow(() -> new ApiException(404, "agent " + agentId + " has no workspace"));
            return SnapshotJson.toNode(snapshot, mapper);
        });
    }

    /** Work on a workspace that another git process is using is refused as a conflict: retry later. */
    private static <T> T conflictIfBusy(Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (WorkspaceBusy e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    /** {@code GET /api/snapshots?agent_id=&after=&limit=} */
    public void listSnapshots(Exchange exchange) {
        JsonResponse.send(exchange, mapper, () -> {
            QueryParameters q = QueryParameters.parse(rawQuery(exchange), Set.of("agent_id", "after", "limit"));
            long after = q.cursor("after");
            int limit = q.limit("limit", defaultLimit, maxLimit);
            return Page.after("snapshots", snapshots.find(q.text("agent_id"), after, limit + 1), after, limit,
                    Snapshot::id, s -> SnapshotJson.toNode(s, mapper));
        });
    }

    /** {@code GET /api/snapshots/{id}} */
    public void getSnapshot(Exchange exchange) {
        JsonResponse.send(exchange, mapper, () -> {
            QueryParameters.parse(rawQuery(exchange), Set.of());
            long id = QueryParameters.nonNegative("id", exchange.getMessage().getHeader("id", String.class));
            return SnapshotJson.toNode(snapshots.findById(id)
                    .orElseThrow(() -> new ApiException(404, "no snapshot with id " + id)), mapper);
        });
    }

    /** {@code POST /api/rewind {agent_id, snapshot_id | event_id | git_commit | backup_ref, dry_run, pause}} */
    public void rewind(Exchange exchange) {
        JsonResponse.send(exchange, mapper, () -> {
            JsonBody body = JsonBody.parse(exchange, REWIND_FIELDS);
            RewindRequest request = new RewindRequest(agentId(body.requiredText("agent_id")), body.id("snapshot_id"),
                    body.id("event_id"), body.text("git_commit"), body.text("backup_ref"), body.flag("dry_run"),
                    body.flag("pause"));
            return conflictIfBusy(() -> rewinds.rewind(request));
        });
    }

    /**
     * {@code GET /api/agents/{id}/timeline?after=&limit=}: up to {@code limit} events after the
     * event id {@code after}, each followed by the snapshots that end at it.
     */
    public void timeline(Exchange exchange) {
        JsonResponse.send(exchange, mapper, () -> {
            QueryParameters q = QueryParameters.parse(rawQuery(exchange), Set.of("after", "limit"));
            String agentId = agentId(exchange.getMessage().getHeader("id", String.class));
            long after = q.cursor("after");
            int limit = q.limit("limit", defaultLimit, maxLimit);
            if (log.latestEventId(agentId).isEmpty()) {
                throw new ApiException(404, "unknown agent " + agentId + ": no events recorded");
            }
            List<EventRow> rows = log.page(agentId, after, limit + 1);
            boolean hasMore = rows.size() > limit;
            List<EventRow> shown = hasMore ? rows.subList(0, limit) : rows;
            long last = shown.isEmpty() ? after : shown.get(shown.size() - 1).id();
            List<Snapshot> taken = snapshots.betweenEvents(agentId, after, last);
            ObjectNode page = mapper.createObjectNode();
            ArrayNode items = page.putArray("items");
            int s = 0;
            for (EventRow row : shown) {
                items.addObject().put("kind", "event").set("event", eventJson.toNode(row));
                for (; s < taken.size() && taken.get(s).lastEventId() == row.id(); s++) {
                    items.addObject().put("kind", "snapshot").set("snapshot", SnapshotJson.toNode(taken.get(s), mapper));
                }
            }
            page.put("next_after", last);
            page.put("has_more", hasMore);
            return page;
        });
    }

    private static String agentId(String value) {
        if (!WorkspaceRoot.isSafeId(value)) {
            throw ApiException.badRequest("agent id '" + value + "' is not a valid agent id");
        }
        return value;
    }

    private static String rawQuery(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
    }
}
