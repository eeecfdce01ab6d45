package io.descartes.hub.agents;

import java.nio.file.Path;
import java.util.UUID;

/** Prepares an agent's workspace directory before its process starts there (e.g. time travel makes it a git repository). */
@FunctionalInterface
public interface WorkspacePreparer {

    void prepare(UUID agentId, Path workspace) throws Exception;
}
