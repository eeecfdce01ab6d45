package io.descartes.hub.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import io.descartes.hub.protocol.HealthCheckRequest;
import io.descartes.hub.protocol.HealthCheckResponse;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.EventJournal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Answers {@code health_check_request} with upstream's fields (version, whole seconds of uptime,
 * active agents, server id / endpoint in metadata) plus the hub's own counts. healthy=false when
 * the journal cannot write: a peer then knows its events would not be acknowledged. Runs on the health-checks
 * thread (routes/commands.camel.yaml), not the journal completion thread: the active-agent count is a query.
 */
public final class HealthCheckResponder implements Processor {

    private final HubIdentity hub;
    private final AgentStore agents;
    private final EventJournal journal;
    private final String endpoint;

    public HealthCheckResponder(HubIdentity hub, AgentStore agents, EventJournal journal, String endpoint) {
        this.hub = hub;
        this.agents = agents;
        this.journal = journal;
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        HealthCheckRequest request = exchange.getMessage().getMandatoryBody(HealthCheckRequest.class);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("server_id", hub.serverId());
        metadata.put("endpoint", endpoint);
        metadata.put("journal_queue_depth", Integer.toString(journal.queueDepth()));
        metadata.put("journal_batches", Long.toString(journal.committedBatches()));
        exchange.getMessage().setBody(new HealthCheckResponse(request.requestId(), journal.isRunning(),
                hub.protocolVersion(), hub.uptimeSeconds(), agents.countActive(), metadata));
    }
}
