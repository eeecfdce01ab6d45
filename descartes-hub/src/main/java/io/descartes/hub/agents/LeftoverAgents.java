package io.descartes.hub.agents;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what a hub or runner that died left running, when one starts again (before its routes): the agent processes
 * in {@link AgentProcessRecords} whose owner JVM is gone, and what they forked. A process counts as the agent's when
 * it is the recorded pid with the recorded start time, or carries the agent's id in its environment, or belongs to
 * the session the agent still leads. A process that merely reuses a recorded pid is none of these and is left alone.
 */
public final class LeftoverAgents {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverAgents.class);
    /** Killed processes turn zombie in microseconds; anything forking meanwhile is caught by the next round. */
    private static final long GIVE_UP_MILLIS = 10_000;

    private LeftoverAgents() {
    }

    /** @return how many processes it killed */
    public static int end(AgentProcessRecords records) throws IOException, InterruptedException {
        int killed = 0;
        for (AgentProcessRecords.Entry entry : records.entries()) {
            if (entry.ownerAlive()) {
                continue; // another live hub or runner shares the folder: its agents are its own
            }
            int n = kill(entry);
            if (n > 0) {
                LOG.warn("ended {} process(es) left running by agent {} (pid {}) of a hub or runner that died (pid {})",
                        n, entry.agentId(), entry.pid(), entry.ownerPid());
            }
            records.delete(entry.agentId());
            killed += n;
        }
        return killed;
    }

    private static int kill(AgentProcessRecords.Entry entry) throws IOException, InterruptedException {
        // a live session leader keeps its pid and its session's id from being reused: all of that session is the agent's
        boolean leadsSession = ProcStat.of(entry.pid())
                .filter(p -> p.is(entry.pid(), entry.startTicks()) && p.sessionId() == p.pid()).isPresent();
        String agentId = entry.agentId().toString();
        long self = ProcessHandle.current().pid();
        Predicate<ProcStat> isAgents = p -> p.pid() != self && p.running()
                && (p.is(entry.pid(), entry.startTicks()) || leadsSession && p.sessionId() == entry.pid()
                || p.hasEnvironment(EmbeddedRunner.AGENT_ID_VARIABLE, agentId));
        Set<Long> killed = new HashSet<>();
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        for (List<ProcStat> left = ProcStat.all().filter(isAgents).toList(); !left.isEmpty();
             left = ProcStat.all().filter(isAgents).toList()) {
            if (System.currentTimeMillis() > deadline) {
                LOG.error("agent {}: processes {} still run after SIGKILL", agentId, left.stream().map(ProcStat::pid).toList());
                break;
            }
            for (ProcStat p : left) {
                try {
                    Signals.send(p.pid(), "KILL");
                    killed.add(p.pid());
                } catch (AgentFailure e) {
                    LOG.debug("pid {} ended meanwhile: {}", p.pid(), e.getMessage());
                }
            }
            Thread.sleep(10);
        }
        return killed.size();
    }
}
