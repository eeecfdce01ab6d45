package io.descartes.hub.agents;

import io.descartes.hub.protocol.ZmqMessage;

/** Where the embedded runner's events go; returns once the event is recorded. */
@FunctionalInterface
public interface AgentEventSink {

    /**
     * @param registryMetadata the agents row's new metadata JSON (see {@link RunningAgent#REGISTRY_METADATA}),
     *                         or null to keep it
     */
    void record(ZmqMessage event, String registryMetadata);
}
