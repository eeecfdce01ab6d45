package io.descartes.hub.timetravel;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an agent "knows" at one point of its event log (its "brain"): its status, the context it
 * was spawned with, and how far its output has gone per stream. Immutable; {@link BrainReplay}
 * folds events into it.
 *
 * @param eventId the last event applied, 0 before any
 * @param output  per stream type: last sequence seen and bytes received so far
 */
public record BrainState(long eventId, String status, String name, String task, String context, String backend,
                         Map<String, OutputPosition> output) {

    public static final BrainState EMPTY = new BrainState(0, null, null, null, null, null, Map.of());

    public BrainState {
        output = Map.copyOf(output);
    }

    /** How far one output stream has gone. */
    public record OutputPosition(long lastSequence, long bytes) {
    }

    BrainState at(long id) {
        return new BrainState(id, status, name, task, context, backend, output);
    }

    BrainState withStatus(String newStatus) {
        return new BrainState(eventId, newStatus, name, task, context, backend, output);
    }

    BrainState withContext(String newName, String newTask, String newContext, String newBackend) {
        return new BrainState(eventId, status, or(newName, name), or(newTask, task), or(newContext, context),
                or(newBackend, backend), output);
    }

    BrainState withOutput(String stream, long sequence, long bytes) {
        Map<String, OutputPosition> next = new TreeMap<>(output);
        OutputPosition previous = next.getOrDefault(stream, new OutputPosition(-1, 0));
        next.put(stream, new OutputPosition(sequence, previous.bytes() + bytes));
        return new BrainState(eventId, status, name, task, context, backend, next);
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("event_id", eventId);
        node.put("status", status);
        node.put("name", name);
        node.put("task", task);
        node.put("context", context);
        node.put("backend", backend);
        ObjectNode streams = node.putObject("output");
        new TreeMap<>(output).forEach((stream, position) -> streams.putObject(stream)
                .put("last_sequence", position.lastSequence()).put("bytes", position.bytes()));
        return node;
    }

    public static BrainState fromJson(JsonNode node) {
        Map<String, OutputPosition> output = new TreeMap<>();
        node.path("output").fields().forEachRemaining(e -> output.put(e.getKey(),
                new OutputPosition(e.getValue().path("last_sequence").asLong(), e.getValue().path("bytes").asLong())));
        return new BrainState(node.path("event_id").asLong(), text(node, "status"), text(node, "name"),
                text(node, "task"), text(node, "context"), text(node, "backend"), output);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
