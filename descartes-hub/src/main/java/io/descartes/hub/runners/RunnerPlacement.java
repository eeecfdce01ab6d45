package io.descartes.hub.runners;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.descartes.hub.agents.AgentFailure;
import io.descartes.hub.agents.EmbeddedRunner;
import io.descartes.hub.agents.RestoredConfigs;
import io.descartes.hub.agents.SecretEnvironment;
import io.descartes.hub.commands.FailureResponses;
import io.descartes.hub.commands.HubIdentity;
import io.descartes.hub.ingest.AgentIds;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.SpawnRequest;
import io.descartes.hub.protocol.ZmqMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * Where an agent request runs (bean {@code runnerPlacement}); agent-requests (routes/agents.camel.yaml) calls
 * {@link #spawn} for a spawn and {@link #agentCommand} for a command about one agent, then routes on
 * {@value #PLACEMENT}: {@value #EMBEDDED} (set by the route before asking), {@value #REMOTE} (with {@value #RUNNER},
 * the runner id, and {@value #ADDRESS}) or {@value #NONE} (no runner can take the spawn; {@link #refusal} answers).
 * Which runner is chosen is {@link RunnerSelection}'s: labels, backend, then load.
 */
public final class RunnerPlacement {

    public static final String PLACEMENT = "DescartesPlacement";
    public static final String EMBEDDED = "embedded";
    public static final String REMOTE = "remote";
    public static final String NONE = "none";
    public static final String RUNNER = "DescartesRunner";
    public static final String ADDRESS = "DescartesRunnerAddress";
    /** AgentFailure: why no runner can take the spawn. */
    public static final String REFUSAL = "DescartesPlacementRefusal";

    private final RunnerRegistry registry;
    private final EmbeddedRunner embedded;
    private final boolean embeddedEnabled;
    private final Map<String, String> embeddedLabels;
    private final List<String> embeddedBackends;
    private final long embeddedCapacity;
    private final HubIdentity hub;
    private final RestoredConfigs restored;

    public RunnerPlacement(RunnerRegistry registry, EmbeddedRunner embedded, boolean embeddedEnabled,
                           Map<String, String> embeddedLabels, List<String> embeddedBackends, long embeddedCapacity,
                           HubIdentity hub, RestoredConfigs restored) {
        this.registry = registry;
        this.embedded = embedded;
        this.embeddedEnabled = embeddedEnabled;
        this.embeddedLabels = embeddedLabels;
        this.embeddedBackends = embeddedBackends;
        this.embeddedCapacity = embeddedCapacity;
        this.hub = hub;
        this.restored = restored;
    }

    /** spawn_request: the live runner with the labels, the backend and room, the least loaded; the embedded one too. */
    public void spawn(Exchange exchange) throws Exception {
        SpawnRequest spawn = exchange.getMessage().getMandatoryBody(SpawnRequest.class);
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
            refuse(exchange, AgentFailure.invalid("Secrets are injected only on the embedded runner; this spawn "
                    + "was placed on remote runner " + chosen.get().id()));
        } else if (chosen.isPresent() && !chosen.get().isEmbedded()) {
            remote(exchange, chosen.get());
        } else if (chosen.isEmpty() && !(embeddedEnabled && embeddedLabels.entrySet()
                .containsAll(RunnerSelection.requiredLabels(spawn.metadata()).entrySet()))) {
            refuse(exchange, AgentFailure.conflict("No runner can take this spawn: none is live with room, backend '"
                    + spawn.config().modelBackend() + "' and labels " + RunnerSelection.requiredLabels(spawn.metadata())));
        }
        // no match, but the embedded runner has the labels: it answers itself (unknown backend 400, agent limit 409)
    }

    /** control_command, custom_action_request, output_query_request: the remote runner that runs the agent, if one does. */
    public void agentCommand(Exchange exchange) throws Exception {
        // an embedded agent needs no runner_agents query: it opened an SQLite connection per command,
        // most of a get_status's time in the hub (bench/README.md, control operations)
        UUID agent = AgentIds.of(exchange.getMessage().getMandatoryBody(ZmqMessage.class));
        RunnerCandidate runner = agent == null || embedded.has(agent) ? null : registry.runnerOf(agent.toString());
        if (runner != null) {
            remote(exchange, runner);
            carryRestoredConfig(exchange);
        }
    }

    /**
     * A resume of a rewound agent whose process is gone: the runner, which keeps no registry, respawns it with the
     * config the rewind restored, sent along in the forwarded command's payload.
     */
    private void carryRestoredConfig(Exchange exchange) throws Exception {
        if (exchange.getMessage().getBody() instanceof ControlCommand c && c.commandType() == ControlCommandType.RESUME) {
            restored.respawnPayload(c.agentId()).ifPresent(payload -> exchange.getMessage()
                    .setBody(new ControlCommand(c.requestId(), c.agentId(), c.commandType(), payload)));
        }
    }

    /** The failure spawn_response of a spawn no runner can take. */
    public void refusal(Exchange exchange, @ExchangeProperty(REFUSAL) AgentFailure failure) throws Exception {
        SpawnRequest spawn = exchange.getMessage().getMandatoryBody(SpawnRequest.class);
        failure.mark(exchange);
        exchange.getMessage().setBody(FailureResponses.of(spawn, failure.getMessage(), hub));
    }

    private static void refuse(Exchange exchange, AgentFailure failure) {
        exchange.setProperty(PLACEMENT, NONE);
        exchange.setProperty(REFUSAL, failure);
    }

    private static void remote(Exchange exchange, RunnerCandidate runner) {
        exchange.setProperty(PLACEMENT, REMOTE);
        exchange.setProperty(RUNNER, runner.id());
        exchange.setProperty(ADDRESS, runner.address());
    }
}
