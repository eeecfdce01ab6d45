package io.descartes.hub.runners;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.descartes.hub.agents.AgentFailure;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.agents.SecretEnvironment;
import io.descartes.hub.commands.FailureResponses;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.ingest.AgentIds;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.CustomActionRequest;
import io.descartes.hub.protocol.OutputQueryRequest;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Decides where an agent request runs (bean {@code runnerPlacement}), before agent-requests dispatches it: a spawn
 * goes to the runner {@link RunnerSelection} picks, a command about one agent to the live runner that runs it.
 * A remote choice leaves {@value #RUNNER} (runner id) and {@value #ADDRESS} on the exchange; the embedded runner
 * leaves nothing. When no runner can take a spawn (and the embedded runner is disabled or lacks its labels), {@value #RUNNER} is
 * {@value #NONE} and the body is already the failure response.
 */
public final class RunnerPlacement implements Processor {

    public static final String RUNNER = "DescartesRunner";
    public static final String ADDRESS = "DescartesRunnerAddress";
    public static final String NONE = "none";

    private final RunnerRegistry registry;
    private final EmbeddedRunner embedded;
    private final boolean embeddedEnabled;
    private final Map<String, String> embeddedLabels;
    private final List<String> embeddedBackends;
    private final long embeddedCapacity;
    private final HubIdentity hub;

    public RunnerPlacement(RunnerRegistry registry, EmbeddedRunner embedded, boolean embeddedEnabled,
                           Map<String, String> embeddedLabels, List<String> embeddedBackends, long embeddedCapacity,
                           HubIdentity hub) {
        this.registry = registry;
        this.embedded = embedded;
        this.embeddedEnabled = embeddedEnabled;
        this.embeddedLabels = embeddedLabels;
        this.embeddedBackends = embeddedBackends;
        this.embeddedCapacity = embeddedCapacity;
        this.hub = hub;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ZmqMessage request = exchange.getMessage().getMandatoryBody(ZmqMessage.class);
        if (request instanceof SpawnRequest spawn) {
            placeSpawn(exchange, spawn);
        } else if (request instanceof ControlCommand || request instanceof CustomActionRequest
                || request instanceof OutputQueryRequest) {
            // an embedded agent needs no runner_agents query: it opened an SQLite connection per command,
            // most of a get_status's time in the hub (bench/README.md, control operations)
            UUID agent = AgentIds.of(request);
            RunnerCandidate runner = agent == null || embedded.has(agent) ? null : registry.runnerOf(agent.toString());
            if (runner != null) {
                remote(exchange, runner);
            }
        }
    }

    private void placeSpawn(Exchange exchange, SpawnRequest spawn) {
        List<RunnerCandidate> candidates = new ArrayList<>(registry.candidates());
        if (embeddedEnabled) {
            long active = embedded.agents().stream().filter(a -> !a.status().isTerminal()).count();
            candidates.add(new RunnerCandidate(RunnerCandidate.EMBEDDED, null, embeddedLabels, embeddedBackends,
                    embeddedCapacity, active));
        }
        Optional<RunnerCandidate> chosen = RunnerSelection.choose(spawn.metadata(), spawn.config().modelBackend(),
                candidates);
        boolean wantsSecrets = !SecretEnvironment.names(spawn.metadata()).isEmpty();
        if (chosen.isPresent() && !chosen.get().isEmbedded() && wantsSecrets) {
            // the values would cross to another JVM in a plain spawn_request: only the embedded runner gets secrets
            fail(exchange, spawn, AgentFailure.invalid("Secrets are injected only on the embedded runner; this spawn "
                    + "was placed on remote runner " + chosen.get().id()));
        } else if (chosen.isPresent() && !chosen.get().isEmbedded()) {
            remote(exchange, chosen.get());
        } else if (chosen.isEmpty() && !(embeddedEnabled && embeddedLabels.entrySet()
                .containsAll(RunnerSelection.requiredLabels(spawn.metadata()).entrySet()))) {
            fail(exchange, spawn, AgentFailure.conflict("No runner can take this spawn: none is live with room, backend '"
                    + spawn.config().modelBackend() + "' and labels " + RunnerSelection.requiredLabels(spawn.metadata())));
        }
        // no match, but the embedded runner has the labels: it answers itself (unknown backend 400, agent limit 409)
    }

    private void fail(Exchange exchange, SpawnRequest spawn, AgentFailure failure) {
        failure.mark(exchange);
        exchange.setProperty(RUNNER, NONE);
        exchange.getMessage().setBody(FailureResponses.of(spawn, failure.getMessage(), hub));
    }

    private static void remote(Exchange exchange, RunnerCandidate runner) {
        exchange.setProperty(RUNNER, runner.id());
        exchange.setProperty(ADDRESS, runner.address());
    }
}
