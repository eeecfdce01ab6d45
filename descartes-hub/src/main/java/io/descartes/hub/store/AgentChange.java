package io.descartes.hub.store;

/**
 * An upsert of one {@code agents} row. A null name keeps the stored one (a new row gets the agent id as its
 * name); metadata is a JSON merge patch onto the stored metadata (a key set to null is removed, null changes nothing).
 * A {@code spawned} change is the status a spawn_response reports, which never replaces a final status recorded before
 * it: an agent that exits at once on a remote runner may have its exit reach the hub before its spawn_response.
 */
public record AgentChange(String agentId, String name, String status, String zmqAddress, String metadata,
                          boolean spawned) {

    public AgentChange(String agentId, String name, String status, String zmqAddress, String metadata) {
        this(agentId, name, status, zmqAddress, metadata, false);
    }
}
