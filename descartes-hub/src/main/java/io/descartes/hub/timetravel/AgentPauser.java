package io.descartes.hub.timetravel;

import java.util.UUID;

import io.descartes.hub.http.ApiException;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import org.apache.camel.ProducerTemplate;

/**
 * Pauses a running agent before its workspace is rewound, by sending a {@code control_command}
 * pause to the route in {@code hub.rewind.pause-uri} (the agents capability's control dispatch),
 * which answers with the agent's {@code command_response}. Without that route nothing can pause
 * agents, and a rewind of a running agent is refused.
 */
public final class AgentPauser {

    private final ProducerTemplate template;
    private final String uri;

    /** @param uri the pause route, empty for none */
    public AgentPauser(ProducerTemplate template, String uri) {
        this.template = template;
        this.uri = uri.isBlank() ? null : uri.trim();
    }

    /** Pauses the agent or refuses the rewind with 409 and the reason. */
    public void pause(String agentId) {
        if (uri == null) {
            throw new ApiException(409, "agent " + agentId + " is running and this hub cannot pause agents "
                    + "(hub.rewind.pause-uri is not set): pause it first");
        }
        UUID id;
        try {
            id = UUID.fromString(agentId);
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, "agent " + agentId + " is not a protocol agent (no uuid) and cannot be paused");
        }
        Object reply = template.requestBody(uri,
                new ControlCommand("rewind-pause-" + UUID.randomUUID(), id, ControlCommandType.PAUSE, null));
        if (!(reply instanceof CommandResponse response) || !response.success()) {
            throw new ApiException(409, "pausing agent " + agentId + " before the rewind failed: "
                    + (reply instanceof CommandResponse r ? r.error() : "no command_response"));
        }
    }
}
