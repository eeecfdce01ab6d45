package io.descartes.hub.timetravel;

import static io.descartes.hub.testing.ViewTimes.assertViewTime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.AgentStatus;
import io.descartes.hub.protocol.CommandResponse;
import io.descartes.hub.protocol.ControlCommand;
import io.descartes.hub.protocol.ControlCommandType;
import io.descartes.hub.protocol.DescartesHeaders;
import io.descartes.hub.protocol.EventAck;
import io.descartes.hub.protocol.LogStream;
import io.descartes.hub.protocol.LogStreamType;
import io.descartes.hub.protocol.StatusUpdate;
import io.descartes.hub.protocol.StatusUpdateType;
import io.descartes.hub.protocol.WireTime;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Time travel end to end: a real process writes into a real git workspace while a runner peer
 * reports its status on the runner link; snapshots come from the route triggers and from HTTP;
 * rewinds over HTTP restore the work tree byte for byte and the replayed state, dry runs change
 * nothing, and the backup ref undoes a rewind.
 */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:TimeTravelTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:TimeTravelTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:TimeTravelTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:TimeTravelTest.runner}}",
                "hub.db.url={{test-db:" + TimeTravelTest.DB + "}}", "hub.agents.workspace-root=" + TimeTravelTest.WORKSPACES,
                "hub.snapshots.on-status=paused,completed", "hub.snapshots.every-events=25",
                "hub.rewind.pause-uri=" + TimeTravelTest.PAUSE,
                // a stopped route fails its callers at once instead of after the default 30 s
                "camel.component.direct.timeout=200", "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeTravelTest {

    static final String DB = "target/time-travel-test.db";
    static final String WORKSPACES = "target/time-travel-workspaces";
    /** Stands in for the agents capability's control dispatch: pauses as the runner would, reporting it. */
    static final String PAUSE = "direct:test-pause";
    private static final String BASE = "http://127.0.0.1:" + TestPorts.port("TimeTravelTest.http");
    private static final String RUNNER_LINK = TestPorts.tcp("TimeTravelTest.runner");
    private static final AtomicLong CLOCK = new AtomicLong();
    private static final int SNAPSHOTS_OF_A_BUSY_WORKSPACE = 200;

    static {
        TestDatabase.reset(DB);
        deleteTree(Path.of(WORKSPACES));
    }

    private final HttpClient http = HubHttp.client();
    private final ObjectMapper mapper = new ObjectMapper();

    private final List<ControlCommand> pauses = new CopyOnWriteArrayList<>();
    /**
     * The connection that reports the paused agent: the one it was first reported on, since the runner link takes an
     * agent's events from that peer only. Used by the pause stand-in while the test thread waits for its HTTP call.
     */
    private volatile DescartesPeer agentsRunner;

    @BeanInject
    CamelContext context;

    @BeforeEach
    void answerPauses() throws Exception {
        if (context.getRoute("test-pause") == null) {
            RouteBuilder.addRoutes(context, rb -> rb.from(PAUSE).routeId("test-pause").process(exchange -> {
                ControlCommand pause = exchange.getMessage().getBody(ControlCommand.class);
                pauses.add(pause);
                status(agentsRunner, pause.agentId(), AgentStatus.PAUSED); // as the agent's runner reports it
                exchange.getMessage().setBody(new CommandResponse(pause.requestId(), pause.agentId(), true,
                        AgentStatus.PAUSED, null, null));
            }));
        }
    }

    @Test
    void snapshotsRewindsDryRunsAndUndo() throws Exception {
        UUID agent = UUID.randomUUID();
        String id = agent.toString();
        Path ws = initWorkspace(id);
        recordSpawn(id);
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK); AgentProcess process = new AgentProcess(ws)) {
            agentsRunner = runner;
            status(runner, agent, AgentStatus.RUNNING);
            process.write("a.txt", "one");
            process.write("b.txt", "bee");
            process.write("sub/c.txt", "sea\\nline two");
            log(runner, agent, LogStreamType.STDOUT, 0, "hello\n");
            log(runner, agent, LogStreamType.STDOUT, 1, "world!\n");
            log(runner, agent, LogStreamType.STDERR, 0, "warn\n");
            long paused1 = status(runner, agent, AgentStatus.PAUSED);
            JsonNode s1 = awaitSnapshot(id, paused1);
            assertEquals("status", s1.at("/metadata/trigger").asText());
            Map<String, String> tree1 = WorkspaceState.tree(ws);
            JsonNode brain1 = mapper.readTree("{\"event_id\":" + paused1 + ",\"status\":\"paused\",\"name\":\"writer\","
                    + "\"task\":\"write files\",\"context\":\"the brief\",\"backend\":\"test\",\"output\":{"
                    + "\"stderr\":{\"last_sequence\":0,\"bytes\":5},\"stdout\":{\"last_sequence\":1,\"bytes\":13}}}");

            long running2 = status(runner, agent, AgentStatus.RUNNING);
            process.write("a.txt", "one, changed");
            process.delete("b.txt");
            process.write("d.txt", "dee");
            long paused2 = status(runner, agent, AgentStatus.PAUSED);
            awaitSnapshot(id, paused2);
            awaitSnapshotEvents(id);
            JsonNode manual = call("POST", "/api/snapshots", "{\"agent_id\":\"" + id + "\",\"description\":\"manual\"}", 200);
            assertEquals(latestEventId(id) - 1, manual.get("last_event_id").asLong(), "taken at the latest event then");
            assertEquals(manual, call("GET", "/api/snapshots/" + manual.get("id").asLong(), null, 200));
            assertEquals(3, call("GET", "/api/snapshots?agent_id=" + id, null, 200).get("snapshots").size());

            // the agent goes on; e.txt and the d.txt edit are never committed before the rewind
            status(runner, agent, AgentStatus.RUNNING);
            process.write("e.txt", "uncommitted");
            process.write("d.txt", "dee, edited");
            status(runner, agent, AgentStatus.IDLE);
            awaitSnapshotEvents(id);
            Map<String, String> tree3 = WorkspaceState.tree(ws);
            Map<String, String> refs3 = WorkspaceState.refs(ws);
            long events3 = eventCount();

            String toS1 = "{\"agent_id\":\"" + id + "\",\"snapshot_id\":" + s1.get("id").asLong();
            JsonNode dry = call("POST", "/api/rewind", toS1 + ",\"dry_run\":true}", 200);
            assertEquals(mapper.readTree("{\"added\":[\"b.txt\"],\"modified\":[\"a.txt\"],\"deleted\":[\"d.txt\",\"e.txt\"]}"),
                    dry.get("files"));
            assertEquals(brain1, dry.at("/state/after"));
            assertEquals("idle", dry.at("/state/before/status").asText());
            assertTrue(dry.get("backup").isNull());
            assertEquals(tree3, WorkspaceState.tree(ws), "a dry run leaves the work tree");
            assertEquals(refs3, WorkspaceState.refs(ws), "a dry run writes no ref");
            assertEquals(events3, eventCount(), "a dry run records nothing");

            JsonNode rewind = call("POST", "/api/rewind", toS1 + "}", 200);
            assertEquals(tree1, WorkspaceState.tree(ws), "the work tree is the snapshot's, byte for byte");
            assertEquals(brain1, rewind.at("/state/after"), "the replayed state is the one recorded at the snapshot");
            assertEquals(dry.get("files"), rewind.get("files"));
            assertEquals(s1.get("git_commit"), rewind.at("/target/git_commit"));
            assertViewTime(s1.get("created_at"));
            assertEquals("idle", registryStatus(id), "the registry keeps the status of the process, not the history's");
            assertEquals(mapper.readTree("{\"status\":\"idle\",\"status_reason\":null}"), rewind.get("registry"));
            assertEquals(dry.get("registry"), rewind.get("registry"));
            assertEquals("rewind", TestDatabase.queryString(DB,
                    "SELECT event_type FROM events WHERE id = " + rewind.get("event_id").asLong()));
            String backupRef = rewind.at("/backup/ref").asText();
            assertEquals(rewind.at("/backup/git_commit").asText(), WorkspaceState.refs(ws).get(backupRef));

            JsonNode undo = call("POST", "/api/rewind",
                    "{\"agent_id\":\"" + id + "\",\"backup_ref\":\"" + backupRef + "\"}", 200);
            assertEquals(tree3, WorkspaceState.tree(ws), "undo brings back every file, the uncommitted ones too");
            assertEquals(refs3.get("refs/heads/main"), WorkspaceState.refs(ws).get("refs/heads/main"), "and the branch where it was");
            assertEquals("idle", undo.at("/state/after/status").asText());
            assertEquals(rewind.at("/state/before"), undo.at("/state/after"));
            assertEquals("idle", registryStatus(id));

            // an event between two snapshots: the body of the one before, the brain of that event
            JsonNode toEvent = call("POST", "/api/rewind", "{\"agent_id\":\"" + id + "\",\"event_id\":" + running2 + "}", 200);
            assertEquals(s1.get("id"), toEvent.at("/target/snapshot_id"));
            assertEquals(tree1, WorkspaceState.tree(ws));
            assertEquals("running", toEvent.at("/state/after/status").asText());
            assertEquals("idle", registryStatus(id));

            // a running agent: refused unless paused first; a dry run works and changes nothing
            status(runner, agent, AgentStatus.RUNNING);
            call("POST", "/api/rewind", toS1 + "}", 409);
            Map<String, String> treeRunning = WorkspaceState.tree(ws);
            long eventsRunning = eventCount();
            JsonNode dryRunning = call("POST", "/api/rewind", toS1 + ",\"dry_run\":true,\"pause\":true}", 200);
            assertEquals(brain1, dryRunning.at("/state/after"));
            assertEquals("running", dryRunning.at("/registry/status").asText());
            assertTrue(pauses.isEmpty(), "neither a refused rewind nor a dry run pauses");
            assertEquals("running", registryStatus(id));
            assertEquals(treeRunning, WorkspaceState.tree(ws));
            assertEquals(eventsRunning, eventCount());
            JsonNode paused = call("POST", "/api/rewind", toS1 + ",\"pause\":true}", 200);
            assertEquals(List.of(agent), pauses.stream().map(ControlCommand::agentId).toList());
            assertEquals(ControlCommandType.PAUSE, pauses.get(0).commandType());
            assertEquals(brain1, paused.at("/state/after"));
            assertEquals("paused", registryStatus(id), "paused by the rewind, as its process is");

            assertTimelineHasEveryEventAndSnapshotInOrder(id);
        }
        assertEquals(0, TestDatabase.queryLong(DB, "SELECT count(*) FROM snapshots s LEFT JOIN events e "
                + "ON e.id = s.last_event_id AND e.agent_id = s.agent_id WHERE e.id IS NULL"),
                "every snapshot ends at an event of its agent");
    }

    /**
     * A workspace whose agent writes, deletes and rewrites files and whole directories as fast as it can:
     * hundreds of snapshots over HTTP, none fails, and each is a real git commit that git itself checks
     * out, every file in it whole or a prefix of what the agent writes (a write caught half-way).
     */
    @Test
    void snapshotsOfAWorkspaceChurningAsFastAsItCanAllSucceedAndCheckOut() throws Exception {
        UUID agent = UUID.randomUUID();
        String id = agent.toString();
        Path ws = initWorkspace(id);
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            status(runner, agent, AgentStatus.RUNNING);
        }
        List<String> commits = new ArrayList<>();
        Process churn = AgentProcess.start(ChurningAgentMain.class, ws);
        try {
            assertEquals("churning", new BufferedReader(new InputStreamReader(churn.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
            for (int i = 0; i < SNAPSHOTS_OF_A_BUSY_WORKSPACE; i++) {
                commits.add(call("POST", "/api/snapshots", "{\"agent_id\":\"" + id + "\"}", 200).get("git_commit").asText());
            }
        } finally {
            churn.getOutputStream().close();
            assertTrue(churn.waitFor(30, TimeUnit.SECONDS), "the churning agent stops");
        }
        assertEquals(0, churn.exitValue(), "the churning agent never failed itself");
        git(ws, "fsck", "--strict", "--no-dangling");
        Path clone = Path.of("target", "churn-clone-" + id).toAbsolutePath();
        git(Path.of("target"), "clone", "--quiet", "--no-checkout", ws.toString(), clone.toString());
        int files = 0;
        for (String commit : commits) {
            git(clone, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--force", "--detach", commit);
            git(clone, "clean", "-d", "--force", "--quiet");
            Map<String, String> tree = WorkspaceState.tree(clone);
            for (Map.Entry<String, String> file : tree.entrySet()) {
                String name = Path.of(file.getKey()).getFileName().toString();
                assertTrue(ChurningAgentMain.content(name).startsWith(file.getValue()),
                        commit + ": " + file.getKey() + " is not what the agent wrote");
            }
            files += tree.size();
        }
        assertTrue(files > commits.size(), "the snapshots hold the agent's files");
    }

    /** Runs the git command line (an implementation the hub does not use) and fails on a non-zero exit. */
    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, git.waitFor(), String.join(" ", command) + ": " + output);
    }

    @Test
    void everyNthEventOfAnAgentTakesASnapshotAtThatEvent() throws Exception {
        UUID agent = UUID.randomUUID();
        initWorkspace(agent.toString());
        long last = 0;
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            for (int i = 0; i < 25; i++) {
                last = log(runner, agent, LogStreamType.STDOUT, i, "chunk " + i + "\n");
            }
        }
        JsonNode snapshot = awaitSnapshot(agent.toString(), last);
        assertEquals("every_events", snapshot.at("/metadata/trigger").asText());
    }

    @Test
    void badRequestsUnknownTargetsAndConcurrentRewindsAreRefused() throws Exception {
        String agent = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String noWorkspace = UUID.randomUUID().toString();
        initWorkspace(agent);
        initWorkspace(other);
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            status(runner, UUID.fromString(agent), AgentStatus.IDLE);
            status(runner, UUID.fromString(other), AgentStatus.IDLE);
            status(runner, UUID.fromString(noWorkspace), AgentStatus.IDLE);
        }
        JsonNode mine = call("POST", "/api/snapshots", "{\"agent_id\":\"" + agent + "\"}", 200);
        JsonNode theirs = call("POST", "/api/snapshots", "{\"agent_id\":\"" + other + "\"}", 200);
        String rewind = "{\"agent_id\":\"" + agent + "\",";

        call("POST", "/api/snapshots", "{\"agent_id\":\"" + noWorkspace + "\"}", 404);
        call("POST", "/api/snapshots", "{\"agent_id\":\"" + UUID.randomUUID() + "\"}", 404);
        call("GET", "/api/snapshots/999999", null, 404);
        call("POST", "/api/rewind", "{\"agent_id\":\"" + UUID.randomUUID() + "\",\"snapshot_id\":1}", 404);
        call("POST", "/api/rewind", "{\"agent_id\":\"" + noWorkspace + "\",\"event_id\":1}", 404);
        call("POST", "/api/rewind", rewind + "\"snapshot_id\":999999}", 404);
        call("POST", "/api/rewind", rewind + "\"snapshot_id\":" + theirs.get("id") + "}", 404);
        call("POST", "/api/rewind", rewind + "\"event_id\":999999}", 404);
        call("POST", "/api/rewind", rewind + "\"event_id\":" + theirs.get("last_event_id") + "}", 404);
        call("POST", "/api/rewind", rewind + "\"git_commit\":\"0123456789abcdef0123456789abcdef01234567\"}", 404);
        call("POST", "/api/rewind", rewind + "\"git_commit\":" + theirs.get("git_commit") + "}", 404);
        call("POST", "/api/rewind", rewind + "\"backup_ref\":\"refs/heads/main\"}", 404);
        call("GET", "/api/agents/" + UUID.randomUUID() + "/timeline", null, 404);

        call("POST", "/api/rewind", "not json", 400);
        call("POST", "/api/rewind", "[1]", 400);
        call("POST", "/api/rewind", rewind + "\"snapshot_id\":1,\"event_id\":1}", 400);
        call("POST", "/api/rewind", "{\"agent_id\":\"" + agent + "\"}", 400);
        call("POST", "/api/rewind", rewind + "\"snapshot_id\":-1}", 400);
        call("POST", "/api/rewind", rewind + "\"snapshot_id\":1,\"dry_run\":\"yes\"}", 400);
        assertEquals("unknown field \"force\" in the body; known: agent_id, backup_ref, dry_run, event_id, git_commit, "
                + "pause, snapshot_id", call("POST", "/api/rewind", rewind + "\"snapshot_id\":1,\"force\":true}", 400)
                .get("error").asText());
        assertEquals("unknown field \"desc\" in the body; known: agent_id, description",
                call("POST", "/api/snapshots", "{\"agent_id\":\"" + agent + "\",\"desc\":\"x\"}", 400).get("error").asText());
        call("POST", "/api/rewind", "{\"agent_id\":\"../etc\",\"snapshot_id\":1}", 400);
        call("GET", "/api/snapshots?agentid=" + agent, null, 400);
        call("GET", "/api/agents/" + agent + "/timeline?limit=0", null, 400);

        RewindService rewinds = context.getRegistry().lookupByNameAndType("rewindService", RewindService.class);
        ReentrantLock inProgress = rewinds.rewindLock(agent);
        inProgress.lock();
        try {
            call("POST", "/api/rewind", rewind + "\"snapshot_id\":" + mine.get("id") + "}", 409);
        } finally {
            inProgress.unlock();
        }
        call("POST", "/api/rewind", rewind + "\"snapshot_id\":" + mine.get("id") + "}", 200);
    }

    /**
     * Snapshots and rewinds of one agent take turns on its workspace, whichever way they come: a snapshot
     * asked for over HTTP while the agent's workspace lock is held waits for it (the trigger's snapshot
     * after a rewind's pause is the same case), and then succeeds.
     */
    @Test
    void aSnapshotWaitsWhileARewindHoldsTheWorkspace() throws Exception {
        String agent = UUID.randomUUID().toString();
        initWorkspace(agent);
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            status(runner, UUID.fromString(agent), AgentStatus.IDLE);
        }
        ReentrantLock workspace = context.getRegistry().lookupByNameAndType("workspaceRoot", WorkspaceRoot.class)
                .lock(agent);
        CompletableFuture<JsonNode> snapshot;
        workspace.lock();
        try {
            snapshot = CompletableFuture.supplyAsync(
                    () -> call("POST", "/api/snapshots", "{\"agent_id\":\"" + agent + "\"}", 200));
            Waits.await("the snapshot waits for the lock the rewind holds").until(workspace::hasQueuedThreads);
            assertFalse(snapshot.isDone());
        } finally {
            workspace.unlock();
        }
        assertEquals(agent, snapshot.get(60, TimeUnit.SECONDS).get("agent_id").asText());
    }

    /**
     * Pauses reported faster than the agent's snapshots run (here: its workspace held, as a rewind holds it) are one
     * snapshot at the first, which was already running, and one at the last, standing for the ones between; another
     * agent's snapshot meanwhile is taken at once, not queued behind them.
     */
    @Test
    void aBurstOfPausesIsOneSnapshotAtTheLastWhileAnotherAgentsSnapshotGoesAhead() throws Exception {
        UUID agent = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        initWorkspace(agent.toString());
        initWorkspace(other.toString());
        ReentrantLock workspace = context.getRegistry().lookupByNameAndType("workspaceRoot", WorkspaceRoot.class)
                .lock(agent.toString());
        int pauses = 12; // 23 events: fewer than every-events, so each trigger is a pause
        long first;
        long last = 0;
        workspace.lock();
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK)) {
            first = status(runner, agent, AgentStatus.PAUSED);
            Waits.await("the first pause's snapshot waits for the workspace").until(workspace::hasQueuedThreads);
            for (int i = 1; i < pauses; i++) {
                status(runner, agent, AgentStatus.RUNNING);
                last = status(runner, agent, AgentStatus.PAUSED);
            }
            // triggered in commit order: once this one is taken, every pause above was triggered
            awaitSnapshot(other.toString(), status(runner, other, AgentStatus.PAUSED));
        } finally {
            workspace.unlock();
        }
        JsonNode atLast = awaitSnapshot(agent.toString(), last);
        assertEquals(pauses - 2, atLast.at("/metadata/superseded").asInt(), atLast.toString());
        awaitSnapshotEvents(agent.toString());
        List<Long> taken = new ArrayList<>();
        call("GET", "/api/snapshots?agent_id=" + agent, null, 200).get("snapshots")
                .forEach(s -> taken.add(s.get("last_event_id").asLong()));
        assertEquals(List.of(first, last), taken);
    }

    /**
     * A real {@code git commit} holds the workspace's index while its editor is open: snapshot and rewind
     * are refused with 409 and a reason, and change no file, ref or event; once git is done both work.
     */
    @Test
    void aWorkspaceAnotherGitProcessIsWritingIsRefusedWithAConflictAndLeftAlone() throws Exception {
        String agent = UUID.randomUUID().toString();
        Path ws = initWorkspace(agent);
        JsonNode snapshot;
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK); AgentProcess process = new AgentProcess(ws)) {
            process.write("a.txt", "v1");
            status(runner, UUID.fromString(agent), AgentStatus.IDLE);
            snapshot = call("POST", "/api/snapshots", "{\"agent_id\":\"" + agent + "\"}", 200);
            process.write("a.txt", "v2, uncommitted");
        }
        awaitSnapshotEvents(agent);
        Path release = ws.resolveSibling(agent + ".release");
        ProcessBuilder gitCommit = new ProcessBuilder("git", "-c", "user.name=agent",
                "-c", "user.email=agent@example.invalid", "commit", "-a").directory(ws.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // git keeps index.lock while its editor is open; this one closes when the test says so
        gitCommit.environment().put("GIT_EDITOR", "while [ ! -e '" + release.toAbsolutePath()
                + "' ]; do sleep 0.1; done; echo 'the agent commits' >");
        Process commit = gitCommit.start();
        try {
            Waits.await("git holds the index").until(() -> Files.exists(ws.resolve(".git/index.lock")));
            Map<String, String> tree = WorkspaceState.tree(ws);
            Map<String, String> refs = WorkspaceState.refs(ws);
            long events = eventCount();
            String rewind = "{\"agent_id\":\"" + agent + "\",\"snapshot_id\":" + snapshot.get("id") + "}";
            assertTrue(call("POST", "/api/rewind", rewind, 409).get("error").asText().contains("index.lock"));
            assertTrue(call("POST", "/api/snapshots", "{\"agent_id\":\"" + agent + "\"}", 409).get("error").asText()
                    .contains("another git process"));
            assertEquals(tree, WorkspaceState.tree(ws));
            assertEquals(refs, WorkspaceState.refs(ws), "no backup ref, no commit");
            assertEquals(events, eventCount());
            Files.createFile(release);
            assertEquals(0, commit.waitFor(60, TimeUnit.SECONDS) ? commit.exitValue() : -1, "git commit finished");
            call("POST", "/api/rewind", rewind, 200);
        } finally {
            commit.destroyForcibly();
        }
    }

    @Test
    void aRewindThatFailsHalfwayLeavesWorkspaceRegistryAndLogAsTheyWere() throws Exception {
        String agent = UUID.randomUUID().toString();
        Path ws = initWorkspace(agent);
        JsonNode snapshot;
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK); AgentProcess process = new AgentProcess(ws)) {
            process.write("kept.txt", "v1");
            status(runner, UUID.fromString(agent), AgentStatus.IDLE);
            snapshot = call("POST", "/api/snapshots", "{\"agent_id\":\"" + agent + "\"}", 200);
            process.write("kept.txt", "v2, uncommitted");
            process.write("new.txt", "new");
            status(runner, UUID.fromString(agent), AgentStatus.TERMINATED); // no snapshot on this status here
        }
        awaitSnapshotEvents(agent);
        Map<String, String> tree = WorkspaceState.tree(ws);
        String head = WorkspaceState.refs(ws).get("refs/heads/main");
        long events = eventCount();
        // the rewind event cannot be recorded: the workspace is already checked out by then
        context.getRouteController().stopRoute("record-hub-event");
        try {
            call("POST", "/api/rewind", "{\"agent_id\":\"" + agent + "\",\"snapshot_id\":" + snapshot.get("id") + "}", 500);
        } finally {
            context.getRouteController().startRoute("record-hub-event");
        }
        assertEquals(tree, WorkspaceState.tree(ws), "the backup put the work tree back");
        assertEquals(head, WorkspaceState.refs(ws).get("refs/heads/main"), "and the branch");
        assertEquals(events, eventCount());
        assertEquals("terminated", registryStatus(agent));
    }

    private void assertTimelineHasEveryEventAndSnapshotInOrder(String agent) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        long after = 0;
        JsonNode page;
        do {
            page = call("GET", "/api/agents/" + agent + "/timeline?limit=4&after=" + after, null, 200);
            page.get("items").forEach(items::add);
            after = page.get("next_after").asLong();
        } while (page.get("has_more").asBoolean());
        long lastEvent = 0;
        int events = 0;
        int snapshots = 0;
        for (JsonNode item : items) {
            if (item.get("kind").asText().equals("event")) {
                assertTrue(item.at("/event/id").asLong() > lastEvent, "events in id order");
                lastEvent = item.at("/event/id").asLong();
                events++;
            } else {
                assertEquals(lastEvent, item.at("/snapshot/last_event_id").asLong(), "a snapshot follows its last event");
                snapshots++;
            }
        }
        assertEquals(TestDatabase.queryLong(DB, "SELECT count(*) FROM events WHERE agent_id = '" + agent + "'"), events);
        assertEquals(TestDatabase.queryLong(DB, "SELECT count(*) FROM snapshots WHERE agent_id = '" + agent + "'"), snapshots);
    }

    private Path initWorkspace(String agent) {
        String dir = context.createProducerTemplate().requestBodyAndHeader("direct:workspace-init", null,
                DescartesHeaders.AGENT_ID, agent, String.class);
        Path ws = Path.of(dir);
        assertEquals(Path.of(WORKSPACES, agent).toAbsolutePath(), ws);
        assertTrue(Files.isDirectory(ws.resolve(".git")));
        return ws;
    }

    /**
     * What the agents capability records at spawn: the request (about no agent yet) and the response
     * naming the agent. The brain's context comes from both.
     */
    private void recordSpawn(String agent) throws Exception {
        HubEventRecorder recorder = new HubEventRecorder(context.createProducerTemplate());
        String requestId = "spawn-" + agent;
        recorder.record("spawn_request", null, "{\"type\":\"spawn_request\",\"request_id\":\"" + requestId + "\","
                + "\"config\":{\"name\":\"writer\",\"model_backend\":\"test\",\"task\":\"write files\","
                + "\"context\":\"the brief\"}}", null);
        recorder.record("spawn_response", agent, "{\"type\":\"spawn_response\",\"request_id\":\"" + requestId + "\","
                + "\"success\":true,\"agent_info\":{\"id\":\"" + agent + "\",\"name\":\"writer\",\"status\":\"initializing\","
                + "\"model_backend\":\"test\",\"task\":\"write files\"}}", null);
    }

    private static long status(DescartesPeer runner, UUID agent, AgentStatus status) {
        return ((EventAck) runner.call(new StatusUpdate(agent, StatusUpdateType.STATUS_CHANGED, status, null, null,
                uniqueTime()))).eventId();
    }

    private static long log(DescartesPeer runner, UUID agent, LogStreamType stream, long sequence, String text) {
        return ((EventAck) runner.call(new LogStream(agent, stream, text.getBytes(StandardCharsets.UTF_8), uniqueTime(),
                sequence))).eventId();
    }

    /** Status updates are keyed by their time: each gets its own. */
    private static WireTime uniqueTime() {
        return WireTime.of(Instant.now().plusNanos(CLOCK.incrementAndGet()));
    }

    private JsonNode awaitSnapshot(String agent, long lastEventId) throws Exception {
        return Waits.await("snapshot at event " + lastEventId).until(() -> {
            for (JsonNode s : call("GET", "/api/snapshots?agent_id=" + agent, null, 200).get("snapshots")) {
                if (s.get("last_event_id").asLong() == lastEventId) {
                    return s;
                }
            }
            return null;
        }, Objects::nonNull);
    }

    /** Snapshots are recorded as events once taken; waits until each one's event is in. */
    private void awaitSnapshotEvents(String agent) throws Exception {
        String events = "SELECT count(*) FROM events WHERE event_type = 'snapshot_created' AND agent_id = '"
                + agent + "'";
        String snapshots = "SELECT count(*) FROM snapshots WHERE agent_id = '" + agent + "'";
        Waits.await("snapshot events").until(() -> query(events) == query(snapshots));
    }

    private JsonNode call(String method, String path, String body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).header("Authorization", TestAuth.HEADER)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expectedStatus, response.statusCode(), method + " " + path + " " + body + " -> " + response.body());
            JsonNode json = mapper.readTree(response.body());
            if (expectedStatus != 200) {
                assertEquals(expectedStatus, json.get("status").asInt());
                assertFalse(json.get("error").asText().isEmpty());
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long query(String sql) {
        try {
            return TestDatabase.queryLong(DB, sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long eventCount() {
        return query("SELECT count(*) FROM events");
    }

    private static long latestEventId(String agent) {
        return query("SELECT max(id) FROM events WHERE agent_id = '" + agent + "'");
    }

    private static String registryStatus(String agent) throws Exception {
        return TestDatabase.queryString(DB, "SELECT status FROM agents WHERE id = '" + agent + "'");
    }

    /** Every file under the work tree but .git, with its exact bytes. */
    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
