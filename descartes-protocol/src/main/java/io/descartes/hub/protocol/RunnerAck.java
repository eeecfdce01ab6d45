package io.descartes.hub.protocol;

/**
 * Hub extension {@code runner_ack} (hub → runner): the answer to each runner message. {@code known = false} answers a
 * heartbeat from a runner the hub does not hold as live (hub restarted, or the runner was marked lost): it registers
 * again.
 */
public record RunnerAck(String runnerId, boolean known) implements ZmqMessage {

    @Override
    public String naturalKey() {
        return type() + "/" + runnerId;
    }

    @Override
    public MessageType messageType() {
        return MessageType.RUNNER_ACK;
    }
}
