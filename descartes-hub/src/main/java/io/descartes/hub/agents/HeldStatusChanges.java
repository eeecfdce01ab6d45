package io.descartes.hub.agents;

import java.util.List;

import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.ZmqMessage;

/**
 * The embedded runner's event sink (bean {@code heldStatusChanges}). While a command runs {@link #holding} them, the
 * status changes it makes on its own thread (the status_update of a pause, a resume, a signal) are held for the caller,
 * which records them with the command's response in one commit, instead of one commit of their own while the command
 * waits; every other event, and a change that rewrites the agent's registry row (a respawn), is recorded at once.
 */
public final class HeldStatusChanges implements AgentEventSink {

    /** A command that may make status changes. */
    @FunctionalInterface
    public interface Command<T> {
        T run() throws InterruptedException;
    }

    private final AgentEventSink recorder;
    private final ThreadLocal<List<ZmqMessage>> held = new ThreadLocal<>();

    public HeldStatusChanges(AgentEventSink recorder) {
        this.recorder = recorder;
    }

    @Override
    public void record(ZmqMessage event, String registryMetadata) {
        List<ZmqMessage> into = held.get();
        if (into != null && event instanceof StatusUpdate && registryMetadata == null) {
            into.add(event);
        } else {
            recorder.record(event, registryMetadata);
        }
    }

    /** Runs the command; the status changes it makes on this thread go to {@code into}, in order, even if it fails. */
    public <T> T holding(List<ZmqMessage> into, Command<T> command) throws InterruptedException {
        List<ZmqMessage> outer = held.get();
        held.set(into);
        try {
            return command.run();
        } finally {
            if (outer == null) {
                held.remove();
            } else {
                held.set(outer);
            }
        }
    }
}
