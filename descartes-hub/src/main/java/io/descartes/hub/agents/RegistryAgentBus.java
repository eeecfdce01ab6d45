package io.descartes.hub.agents;

import java.util.UUID;

import org.apache.camel.spi.Registry;

/**
 * The {@link AgentBus} bound as {@code agentBus} (by the hub's bus capability, or a runner's link), looked up when an
 * agent first uses it: the runner is made before the capability that binds it.
 */
final class RegistryAgentBus implements AgentBus {

    static final String BEAN = "agentBus";

    private final Registry registry;

    RegistryAgentBus(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void joined(UUID agentId) {
        bus().joined(agentId);
    }

    @Override
    public void said(UUID agentId, String json) {
        bus().said(agentId, json);
    }

    @Override
    public void left(UUID agentId) {
        bus().left(agentId);
    }

    private AgentBus bus() {
        AgentBus bus = registry.lookupByNameAndType(BEAN, AgentBus.class);
        if (bus == null) {
            throw new IllegalStateException("no message bus here (no '" + BEAN + "' bean) for agents whose backend sets bus");
        }
        return bus;
    }
}
