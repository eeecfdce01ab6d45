package io.descartes.hub.timetravel;

import java.util.Optional;
import java.util.UUID;

import io.descartes.hub.http.ApiException;
import io.descartes.hub.protocol.WorkspaceOp;
import io.descartes.hub.protocol.WorkspaceRequest;
import io.descartes.hub.protocol.WorkspaceResponse;
import io.descartes.hub.runners.RunnerCandidate;
import io.descartes.hub.runners.RunnerPlacement;
import io.descartes.hub.runners.RunnerRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The workspace of an agent placed on a remote runner: each step is a {@code workspace_request} sent to the runner's
 * command endpoint through {@value #RUNNER_REQUEST} (docs/protocol-extensions.md), which the runner serves with a
 * {@link LocalWorkspace} of its own. A runner that is not live is not asked (503); one that does not answer in time
 * fails the step with 504, any other failure of the runner with 502; a workspace another git process holds is
 * {@link WorkspaceBusy}, as on the hub's disk.
 */
final class RemoteWorkspace implements Workspace {

    private static final String RUNNER_REQUEST = "direct:runner-request";

    private final String agentId;
    private final String runnerId;
    private final RunnerRegistry runners;
    private final ProducerTemplate template;

    RemoteWorkspace(String agentId, String runnerId, RunnerRegistry runners, ProducerTemplate template) {
        this.agentId = agentId;
        this.runnerId = runnerId;
        this.runners = runners;
        this.template = template;
    }

    @Override
    public boolean exists() throws Exception {
        WorkspaceResponse r = send(WorkspaceOp.EXISTS, null, null, null);
        if (!r.success() && !WorkspaceResponse.NOT_FOUND.equals(r.code())) {
            throw failure(WorkspaceOp.EXISTS, r);
        }
        return r.success();
    }

    @Override
    public String commitAll(String message, long lastEventId) throws Exception {
        return call(WorkspaceOp.COMMIT, null, message, lastEventId).commit();
    }

    @Override
    public Optional<WorkspaceCommit> find(String revision) throws Exception {
        WorkspaceResponse r = call(WorkspaceOp.FIND, revision, null, null);
        return r.commit() == null ? Optional.empty() : Optional.of(new WorkspaceCommit(r.commit(), r.eventId(), r.backup()));
    }

    @Override
    public FileChanges diffTo(String commit) throws Exception {
        WorkspaceResponse r = call(WorkspaceOp.DIFF, commit, null, null);
        return new FileChanges(r.added(), r.modified(), r.deleted());
    }

    @Override
    public String backup(String ref, String message, long lastEventId) throws Exception {
        return call(WorkspaceOp.BACKUP, ref, message, lastEventId).commit();
    }

    @Override
    public void checkout(String commit) throws Exception {
        call(WorkspaceOp.CHECKOUT, commit, null, null);
    }

    @Override
    public void restore(String backup) throws Exception {
        call(WorkspaceOp.RESTORE, backup, null, null);
    }

    private WorkspaceResponse call(WorkspaceOp op, String revision, String message, Long eventId) throws Exception {
        WorkspaceResponse r = send(op, revision, message, eventId);
        if (!r.success()) {
            throw failure(op, r);
        }
        return r;
    }

    private WorkspaceResponse send(WorkspaceOp op, String revision, String message, Long eventId) throws Exception {
        RunnerCandidate runner = runners.runnerOf(agentId);
        if (runner == null) {
            throw new ApiException(503, "agent " + agentId + " runs on runner " + runnerId + ", which is not connected: "
                    + "its workspace cannot be reached, nothing was done");
        }
        WorkspaceRequest request = new WorkspaceRequest("workspace-" + UUID.randomUUID(), agentId, op, revision,
                message, eventId);
        Exchange done = template.send(RUNNER_REQUEST, exchange -> {
            exchange.setProperty(RunnerPlacement.RUNNER, runner.id());
            exchange.setProperty(RunnerPlacement.ADDRESS, runner.address());
            exchange.getMessage().setBody(request);
        });
        if (done.getException() != null) {
            throw done.getException();
        }
        Object reply = done.getMessage().getBody();
        if (!(reply instanceof WorkspaceResponse response)) {
            throw new ApiException(502, "runner " + runnerId + " answered a workspace_request with " + reply);
        }
        return response;
    }

    private Exception failure(WorkspaceOp op, WorkspaceResponse r) {
        String reason = "runner " + runnerId + ", " + op.wire() + " of agent " + agentId + "'s workspace: " + r.error();
        return switch (r.code() == null ? "" : r.code()) {
            case WorkspaceResponse.BUSY -> new WorkspaceBusy(reason, null);
            case WorkspaceResponse.NOT_FOUND -> new ApiException(404, reason);
            case WorkspaceResponse.TIMEOUT -> new ApiException(504, reason);
            default -> new ApiException(502, reason);
        };
    }
}
