package io.descartes.hub.runners;

/**
 * A {@code runners} row with its load: the agents assigned to it ({@code runner_agents}) whose registry
 * row is still active. Labels and backends are the JSON text they were registered with; times are epoch millis; hub is
 * the server id of the hub it last registered or heartbeat through (null before V40).
 */
public record RunnerRow(String id, String commandAddress, int capacity, String labels, String backends, String status,
                        long registeredAt, long lastHeartbeatAt, String hub, int load) {
}
