package io.descartes.hub.runners;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.descartes.hub.agents.AgentFailure;
import io.descartes.hub.agents.RunningAgent;
import io.descartes.hub.commands.FailureResponses;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.ZmqMessage;
import io.descartes.hub.zmq.ZmqConstants;
import org.apache.camel.Exchange;

/**
 * The hub's side of a request forwarded to a remote runner (bean {@code remoteRunnerCall}, route runner-requests):
 * the runner's response becomes the hub's, and a runner that does not answer in time gets the caller a timeout
 * failure (HTTP 504). A runner's reply may carry its failure kind as a second frame ({@link #FAILURE_FRAME}).
 */
public final class RemoteRunnerCall {

    /** Reply frame 2 on a runner's command endpoint: the {@link AgentFailure} kind of a failed response. */
    public static final int FAILURE_FRAME = 1;
    /** Exchange property: the forwarded request, for the failure response when no reply comes. */
    public static final String REQUEST = "DescartesRunnerRequest";

    private final RunnerRegistry registry;
    private final AgentOwners owners;
    private final HubIdentity hub;

    public RemoteRunnerCall(RunnerRegistry registry, AgentOwners owners, HubIdentity hub) {
        this.registry = registry;
        this.owners = owners;
        this.hub = hub;
    }

    /**
     * Body: the runner's decoded response. A spawn it accepted is assigned to it (from now on only it may report the
     * agent on the runner link) and registered with its id.
     */
    public void replied(Exchange exchange) throws Exception {
        List<?> frames = exchange.getMessage().getHeader(ZmqConstants.FRAMES, List.class);
        if (frames != null && frames.size() > FAILURE_FRAME) {
            exchange.getMessage().setHeader(AgentFailure.HEADER,
                    new String((byte[]) frames.get(FAILURE_FRAME), StandardCharsets.UTF_8));
        }
        ZmqMessage response = exchange.getMessage().getMandatoryBody(ZmqMessage.class);
        if (response instanceof SpawnResponse s && s.success() && s.agentInfo() != null) {
            String runnerId = exchange.getProperty(RunnerPlacement.RUNNER, String.class);
            registry.assigned(s.agentInfo().id(), runnerId);
            owners.placed(s.agentInfo().id(), runnerId);
            // backend, task and start time the recorder takes from the response itself
            exchange.setProperty(RunningAgent.REGISTRY_METADATA, JsonNodeFactory.instance.objectNode()
                    .put("runner", runnerId).toString());
        }
    }

    public void timedOut(Exchange exchange) {
        ZmqMessage request = exchange.getProperty(REQUEST, ZmqMessage.class);
        exchange.getMessage().setHeader(AgentFailure.HEADER, AgentFailure.Kind.TIMEOUT.header());
        exchange.getMessage().setBody(FailureResponses.of(request, "Runner "
                + exchange.getProperty(RunnerPlacement.RUNNER) + " did not answer in time", hub));
    }
}
