package io.descartes.hub.protocol;

import java.util.UUID;

/** An agent as reported to clients (array of 9); the last three are optional with defaults. */
public record AgentInfo(UUID id, String name, AgentStatus status, String modelBackend, WireTime startedAt,
                        String task, WireTime pausedAt, PauseMode pauseMode, AttachInfo attachInfo) {
}
