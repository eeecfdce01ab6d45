package io.descartes.hub.commands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Who this hub is to its peers: the server id in responses, its protocol version and start time. */
public record HubIdentity(String serverId, String protocolVersion, Instant startedAt, Clock clock) {

    /** A blank configured id becomes {@code server-<uuid>}, upstream's default form. */
    public static HubIdentity of(String configuredServerId, String protocolVersion, Clock clock) {
        String id = configuredServerId == null || configuredServerId.isBlank()
                ? "server-" + UUID.randomUUID() : configuredServerId.trim();
        return new HubIdentity(id, protocolVersion, clock.instant(), clock);
    }

    public long uptimeSeconds() {
        return Duration.between(startedAt, clock.instant()).toSeconds();
    }
}
