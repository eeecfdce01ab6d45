package io.descartes.hub.agents;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import io.descartes.hub.protocol.AgentConfig;
import io.descartes.hub.testing.Waits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agent processes die with their runner but not with the thread that asked for them, a wrapper that cannot run stops
 * the start, and a new start ends exactly the leftovers of a dead runner: real processes, read back from /proc.
 */
class AgentProcessesTest {

    /** The wrapper of application.properties. */
    static final List<String> WRAPPER = AgentBackend.parseArgv("setsid,setpriv,--pdeathsig,KILL,--");

    static AgentProcesses processes(String name) {
        return new AgentProcesses(WRAPPER, new AgentProcessRecords(Path.of("target", name + "-processes")));
    }

    @Test
    void anAgentOutlivesTheRequestThreadThatSpawnedIt() throws Exception {
        AgentBackend cat = new AgentBackend("cat", List.of("cat"), TaskInput.STDIN, Map.of());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (AgentProcesses processes = processes("outlives-thread")) {
            EmbeddedRunner runner = new EmbeddedRunner(new AgentBackends(Map.of("cat", cat)),
                    new RunnerSettings(Path.of("target/outlives-thread"), 100, 5000, 10, 10), (e, m) -> { },
                    (id, dir) -> { }, new SecretEnvironment(null), processes, timer, null);
            AtomicReference<RunningAgent> agent = new AtomicReference<>();
            AtomicReference<Path> requestThread = new AtomicReference<>();
            // like a pooled request thread that the pool retires after the spawn
            Thread request = new Thread(() -> {
                requestThread.set(thisThreadInProc());
                agent.set(runner.spawn(AgentConfig.of("a", "cat", "first line"), Map.of()));
            });
            request.start();
            request.join();
            // the kernel sends the parent-death signal when it reaps the thread, after Java's join returns
            Waits.await("the request thread gone from /proc").until(() -> !Files.exists(requestThread.get()));

            Process process = agent.get().process();
            assertTrue(echoes(process, "still here"), "the agent answers after the thread that spawned it ended");
            process.destroyForcibly();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aLaunchWrapperThatIsMissingOrFailsStopsTheStartNamingIt() {
        AgentProcessRecords records = new AgentProcessRecords(Path.of("target/wrapper-check-processes"));
        String missing = assertThrows(IllegalStateException.class,
                () -> new AgentProcesses(List.of("no-such-wrapper", "--pdeathsig", "KILL"), records)).getMessage();
        assertTrue(missing.startsWith("hub.agents.launch-wrapper no-such-wrapper,--pdeathsig,KILL cannot run: "), missing);
        String failing = assertThrows(IllegalStateException.class,
                () -> new AgentProcesses(List.of("setpriv", "--pdeathsig", "NOSUCHSIGNAL", "--"), records)).getMessage();
        assertTrue(failing.contains("failed to run 'true' (exit 1)") && failing.contains("NOSUCHSIGNAL"), failing);
        assertEquals("hub.agents.launch-wrapper is empty: agents would outlive a crashed hub or runner",
                assertThrows(IllegalStateException.class, () -> new AgentProcesses(List.of(), records)).getMessage());
    }

    @Test
    void aNewStartEndsTheLeftoversOfADeadOwnerAndNothingElse() throws Exception {
        AgentProcessRecords records = new AgentProcessRecords(Path.of("target/leftover-agents-processes"));
        for (AgentProcessRecords.Entry stale : records.entries()) {
            records.delete(stale.agentId());
        }
        ProcStat self = ProcStat.of(ProcessHandle.current().pid()).orElseThrow();
        long deadOwner = self.startTicks() + 1; // this pid, another start: a JVM that is gone
        List<Process> started = new ArrayList<>();
        try {
            // an agent that still leads its session, and a child of it (neither carries the agent's id: one that
            // clears its environment is still found by its session)
            Process leader = start(started, null, "setsid", "sh", "-c", "sleep 600 & exec sleep 601");
            ProcessHandle child = onlyChild(leader);
            save(records, self.pid(), deadOwner, leader);
            // an agent already dead (its parent-death signal), whose child carries its id
            UUID orphaning = UUID.randomUUID();
            Process dead = start(started, orphaning, "setsid", "sh", "-c", "sleep 600 & exec sleep 601");
            ProcessHandle orphan = onlyChild(dead);
            save(records, self.pid(), deadOwner, dead, orphaning);
            dead.destroyForcibly().waitFor();
            // an unrelated process under a recorded pid: the record's start time is another process's
            Process unrelated = start(started, null, "sleep", "600");
            ProcStat unrelatedStat = ProcStat.of(unrelated.pid()).orElseThrow();
            records.save(new AgentProcessRecords.Entry(UUID.randomUUID(), self.pid(), deadOwner, unrelated.pid(),
                    unrelatedStat.startTicks() - 1));
            // an agent of a live runner sharing the folder (this JVM)
            Process live = start(started, null, "setsid", "sleep", "600");
            UUID owned = save(records, self.pid(), self.startTicks(), live);

            assertEquals(3, LeftoverAgents.end(records), "the leader, its child and the orphan");

            for (ProcessHandle ended : List.of(leader.toHandle(), child, orphan)) {
                Waits.await("pid " + ended.pid() + " ended").until(() -> !running(ended));
            }
            assertTrue(running(unrelated.toHandle()), "a process that reuses a recorded pid is left alone");
            assertTrue(running(live.toHandle()), "the agent of a live owner is left alone");
            assertEquals(List.of(owned), records.entries().stream().map(AgentProcessRecords.Entry::agentId).toList(),
                    "only the live owner's record is kept");
        } finally {
            started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
            started.forEach(Process::destroyForcibly);
        }
    }

    /** Whether cat, given its task line, echoes that and then this line: it could not if it had been killed. */
    private static boolean echoes(Process cat, String line) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(cat.getInputStream(), StandardCharsets.UTF_8));
            // the task goes in on the agent's own stdin thread: read it back before writing, or the lines could cross
            if (!"first line".equals(out.readLine())) {
                return false;
            }
            OutputStream in = cat.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return line.equals(out.readLine());
        } catch (IOException e) {
            return false; // the process is gone: Java closed its streams
        }
    }

    /** /proc/self/task/<tid> of the calling thread: it disappears once the kernel has reaped the thread. */
    private static Path thisThreadInProc() {
        try {
            return Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Process start(List<Process> started, UUID agentId, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (agentId != null) {
            builder.environment().put(EmbeddedRunner.AGENT_ID_VARIABLE, agentId.toString());
        }
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static ProcessHandle onlyChild(Process process) throws Exception {
        Waits.await("pid " + process.pid() + " forked").until(() -> process.children().count() == 1);
        return process.children().findFirst().orElseThrow();
    }

    private static UUID save(AgentProcessRecords records, long ownerPid, long ownerStart, Process agent) {
        return save(records, ownerPid, ownerStart, agent, UUID.randomUUID());
    }

    private static UUID save(AgentProcessRecords records, long ownerPid, long ownerStart, Process agent, UUID id) {
        records.save(new AgentProcessRecords.Entry(id, ownerPid, ownerStart, agent.pid(),
                ProcStat.of(agent.pid()).orElseThrow().startTicks()));
        return id;
    }

    /** Running, not a zombie waiting to be reaped. */
    static boolean running(ProcessHandle process) {
        return ProcStat.of(process.pid()).map(ProcStat::running).orElse(false)
                && process.isAlive();
    }
}
