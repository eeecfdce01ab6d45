package io.descartes.hub.store;

/**
 * An upsert of one {@code agents} row. A null name or metadata keeps the stored value
 * (a new row gets the agent id as its name).
 */
public record AgentChange(String agentId, String name, String status, String zmqAddress, String metadata) {
}
