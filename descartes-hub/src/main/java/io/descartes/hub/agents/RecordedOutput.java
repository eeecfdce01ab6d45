package io.descartes.hub.agents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.ProtocolJson;
import io.descartes.hub.protocol.ZmqOutputStream;
import io.descartes.hub.store.EventQuery;
import io.descartes.hub.store.EventRow;
import io.descartes.hub.store.EventStore;

/**
 * An agent's output as its recorded {@code log_stream} events hold it (bean {@code recordedOutput}): complete for
 * agents from before a restart and for remote agents, unlike a runner's in-memory buffer. Chunks of a stream are
 * joined and cut at newlines, so an agent that writes partial lines still reads as lines.
 */
public final class RecordedOutput {

    /** Events read per query while scanning an agent's log. */
    private static final int CHUNK = 1000;

    private final EventStore events;
    private final ObjectMapper json;

    public RecordedOutput(EventStore events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    /** The lines of the stream(s) that pass the filter, in the order they were completed, oldest first. */
    public List<String> lines(UUID agentId, ZmqOutputStream stream, Predicate<String> filter) throws Exception {
        Map<LogStreamType, ByteArrayOutputStream> partial = new EnumMap<>(LogStreamType.class);
        List<String> lines = new ArrayList<>();
        long after = 0;
        for (List<EventRow> rows = page(agentId, after); !rows.isEmpty(); rows = page(agentId, after)) {
            for (EventRow row : rows) {
                LogStream chunk = (LogStream) ProtocolJson.fromJson(json.readTree(row.content()));
                if (stream == ZmqOutputStream.BOTH || stream.wire().equals(chunk.streamType().wire())) {
                    ByteArrayOutputStream line = partial.computeIfAbsent(chunk.streamType(), s -> new ByteArrayOutputStream());
                    for (byte b : chunk.data()) {
                        if (b == '\n') {
                            add(lines, line, filter);
                        } else {
                            line.write(b);
                        }
                    }
                }
            }
            after = rows.get(rows.size() - 1).id();
        }
        partial.values().stream().filter(line -> line.size() > 0).forEach(line -> add(lines, line, filter));
        return lines;
    }

    private List<EventRow> page(UUID agentId, long after) throws Exception {
        return events.find(new EventQuery(after, agentId.toString(), "log_stream", null, CHUNK));
    }

    /** As BufferedReader.readLine, which the runner reads its agents with: a CR before the newline is not text. */
    private static void add(List<String> lines, ByteArrayOutputStream line, Predicate<String> filter) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (filter.test(text)) {
            lines.add(text);
        }
    }
}
