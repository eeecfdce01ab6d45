package io.descartes.hub.protocol;

import java.util.List;
import java.util.Map;

/**
 * Hub extension {@code runner_register} (runner → hub, on the runner link): a remote runner offers to run agents.
 * The hub sends it spawn and control requests on {@code commandAddress}.
 */
public record RunnerRegister(String runnerId, String commandAddress, long capacity, Map<String, String> labels,
                             List<String> backends) implements ZmqMessage {

    @Override
    public String naturalKey() {
        return type() + "/" + runnerId;
    }

    @Override
    public MessageType messageType() {
        return MessageType.RUNNER_REGISTER;
    }
}
