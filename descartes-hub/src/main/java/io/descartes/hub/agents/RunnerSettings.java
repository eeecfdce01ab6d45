package io.descartes.hub.agents;

import java.nio.file.Path;

/**
 * The embedded runner's knobs (hub.agents.* in application.properties).
 *
 * @param retainFinished finished agents kept in memory for status and output queries; older ones are forgotten
 */
public record RunnerSettings(Path workspaceRoot, int outputLines, long stopGraceMillis, int maxAgents,
                             int retainFinished) {
}
