package io.descartes.hub.protocol;

/** Hub extension {@code runner_heartbeat} (runner → hub): still alive, running {@code activeAgents} agents. */
public record RunnerHeartbeat(String runnerId, long activeAgents) implements ZmqMessage {

    @Override
    public String naturalKey() {
        return type() + "/" + runnerId;
    }

    @Override
    public MessageType messageType() {
        return MessageType.RUNNER_HEARTBEAT;
    }
}
