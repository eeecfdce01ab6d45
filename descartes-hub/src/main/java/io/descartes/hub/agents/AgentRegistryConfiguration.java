package io.descartes.hub.agents;

import io.descartes.hub.agents.http.AgentsHttpApi;
import io.descartes.hub.http.Json;
import io.descartes.hub.store.AgentStore;
import io.descartes.hub.store.EventStore;
import io.descartes.hub.store.HubPresence;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The hub's record of every agent, wherever it runs ({@code agentRegistry}: list_agents_request, HTTP), and the
 * agents' HTTP API ({@code agentsHttp}). A runner has no database, so it has neither.
 */
public class AgentRegistryConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "agentRegistry", lazy = true)
    public AgentRegistry agentRegistry(@BeanInject("agentStore") AgentStore store,
            @BeanInject("agentRunner") EmbeddedRunner runner, @BeanInject("hubPresence") HubPresence presence) {
        return new AgentRegistry(store, runner, presence);
    }

    @BindToRegistry(value = "agentsHttp", lazy = true)
    public AgentsHttpApi agentsHttp(@BeanInject("agentRegistry") AgentRegistry agents,
            @BeanInject("eventStore") EventStore events,
            @PropertyInject("hub.api.default-limit") int defaultLimit, @PropertyInject("hub.api.max-limit") int maxLimit,
            @PropertyInject("hub.agents.output-default-limit") int outputDefaultLimit) {
        return new AgentsHttpApi(Json.MAPPER, agents, new RecordedOutput(events, Json.MAPPER), defaultLimit, maxLimit,
                outputDefaultLimit);
    }
}
