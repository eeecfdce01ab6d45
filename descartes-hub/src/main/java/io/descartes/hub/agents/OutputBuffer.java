package io.descartes.hub.agents;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.descartes.hub.protocol.LogStreamType;

/**
 * The last lines an agent printed, both streams in arrival order, bounded so a chatty agent cannot
 * fill the hub's memory. Also remembers what read_stdout / read_stderr already returned.
 */
public final class OutputBuffer {

    public record Line(long index, LogStreamType stream, String text) {
    }

    private final int capacity;
    private final Deque<Line> lines = new ArrayDeque<>();
    private final Map<LogStreamType, Long> readUpTo = new EnumMap<>(LogStreamType.class);
    private long next;

    public OutputBuffer(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(LogStreamType stream, String text) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(new Line(next++, stream, text));
    }

    /** The buffered lines that pass the filter, oldest first; filtered on a copy, so the agent's output never waits for it. */
    public List<String> lines(Predicate<Line> filter) {
        List<Line> copy;
        synchronized (this) {
            copy = List.copyOf(lines);
        }
        return copy.stream().filter(filter).map(Line::text).toList();
    }

    /** Lines of the stream not returned by an earlier read, joined by newlines; null when none. */
    public synchronized String readUnread(LogStreamType stream) {
        long from = readUpTo.getOrDefault(stream, 0L);
        List<String> unread = new ArrayList<>();
        for (Line line : lines) {
            if (line.stream() == stream && line.index() >= from) {
                unread.add(line.text());
            }
        }
        readUpTo.put(stream, next);
        return unread.isEmpty() ? null : String.join("\n", unread) + "\n";
    }
}
