package io.descartes.hub.timetravel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descartes.hub.protocol.ViewTime;

/** The one JSON form of a snapshot (HTTP, timeline, snapshot_created events); metadata embedded as JSON. */
public final class SnapshotJson {

    private SnapshotJson() {
    }

    public static ObjectNode toNode(Snapshot s, ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", s.id());
        node.put("agent_id", s.agentId());
        node.put("git_commit", s.gitCommitHash());
        node.put("last_event_id", s.lastEventId());
        node.put("description", s.description());
        node.put("created_at", ViewTime.ofEpochSecond(s.createdAt(), 0));
        try {
            node.set("metadata", s.metadata() == null ? mapper.createObjectNode() : mapper.readTree(s.metadata()));
        } catch (JsonProcessingException e) {
            node.put("metadata", s.metadata());
        }
        return node;
    }
}
