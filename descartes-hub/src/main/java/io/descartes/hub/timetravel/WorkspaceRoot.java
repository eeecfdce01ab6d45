package io.descartes.hub.timetravel;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Where agent workspaces live ({@code hub.agents.workspace-root}/&lt;agent id&gt;), and the lock that
 * serialises git work on each of them (snapshots and rewinds of one agent never interleave).
 */
public final class WorkspaceRoot {

    /** Agent ids become directory names: no separators, no dot-dot. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private final Path root;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public WorkspaceRoot(Path root) {
        this.root = root;
    }

    public static boolean isSafeId(String agentId) {
        return agentId != null && SAFE_ID.matcher(agentId).matches();
    }

    public AgentWorkspace of(String agentId) {
        if (!isSafeId(agentId)) {
            throw new IllegalArgumentException("agent id '" + agentId + "' cannot name a workspace directory");
        }
        return new AgentWorkspace(root.resolve(agentId));
    }

    public ReentrantLock lock(String agentId) {
        return locks.computeIfAbsent(agentId, id -> new ReentrantLock());
    }
}
