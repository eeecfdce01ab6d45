package io.descartes.hub.store;

/**
 * An upsert of one {@code agents} row. A null name keeps the stored one (a new row gets the agent id as its
 * name); metadata is a JSON merge patch onto the stored metadata (a key set to null is removed, null changes nothing).
 */
public record AgentChange(String agentId, String name, String status, String zmqAddress, String metadata) {
}
