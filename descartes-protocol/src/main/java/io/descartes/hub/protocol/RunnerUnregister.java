package io.descartes.hub.protocol;

/** Hub extension {@code runner_unregister} (runner → hub): the runner stops; it takes no more spawns. */
public record RunnerUnregister(String runnerId) implements ZmqMessage {

    @Override
    public String naturalKey() {
        return type() + "/" + runnerId;
    }

    @Override
    public MessageType messageType() {
        return MessageType.RUNNER_UNREGISTER;
    }
}
