package io.descartes.hub.commands;

import java.util.List;
import java.util.Map;

import io.descartes.hub.protocol.BatchAgentResult;
import io.descartes.hub.protocol.BatchControlCommand;
import io.descartes.hub.protocol.BatchControlResponse;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.CustomActionRequest;
import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.protocol.ListAgentsRequest;
import io.descartes.hub.protocol.ListAgentsResponse;
import io.descartes.hub.protocol.OutputQueryRequest;
import io.descartes.hub.protocol.OutputQueryResponse;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.SpawnResponse;
import io.descartes.hub.protocol.WorkspaceRequest;
import io.descartes.hub.protocol.WorkspaceResponse;
import io.descartes.hub.protocol.ZmqMessage;

/**
 * A decodable request that fails is answered with ITS OWN response type, success=false and the
 * error text (PROTOCOL §12.2), so an upstream client matching on the response type still gets one.
 */
public final class FailureResponses {

    private FailureResponses() {
    }

    public static ZmqMessage of(ZmqMessage request, String error, HubIdentity hub) {
        if (request instanceof SpawnRequest r) {
            return new SpawnResponse(r.requestId(), false, null, error, hub.serverId());
        } else if (request instanceof ControlCommand r) {
            return new CommandResponse(r.requestId(), r.agentId(), false, null, null, error);
        } else if (request instanceof CustomActionRequest r) {
            return new CommandResponse(r.requestId(), r.agentId(), false, null, null, error);
        } else if (request instanceof ListAgentsRequest r) {
            return new ListAgentsResponse(r.requestId(), false, List.of(), error);
        } else if (request instanceof HealthCheckRequest r) {
            return new HealthCheckResponse(r.requestId(), false, hub.protocolVersion(), null, null,
                    Map.of("server_id", hub.serverId(), "error", error));
        } else if (request instanceof BatchControlCommand r) {
            List<BatchAgentResult> results = r.agentIds().stream()
                    .map(id -> new BatchAgentResult(id, false, null, error)).toList();
            return new BatchControlResponse(r.requestId(), false, results, 0, results.size());
        } else if (request instanceof OutputQueryRequest r) {
            return new OutputQueryResponse(r.requestId(), r.agentId(), false, List.of(), null, false, error);
        } else if (request instanceof WorkspaceRequest r) {
            // only the hub sends it (to a runner), and fails it only when the runner does not answer in time
            return WorkspaceResponse.failed(r.requestId(), WorkspaceResponse.TIMEOUT, error);
        }
        throw new IllegalArgumentException("not a request: " + request.type());
    }
}
