package io.descartes.hub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.HubProcess;
import io.descartes.hub.testing.RunnerProcess;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import io.descartes.hub.testing.Waits;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The descartes command, run as a process through bin/descartes, against a running hub. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY,
                "hub.http.port={{test-port:CliTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:CliTest.command}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:CliTest.pub}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:CliTest.runner}}",
                "hub.db.url={{test-db:" + CliTest.DB + "}}",
                "hub.agents.workspace-root=target/cli-test-workspaces",
                "hub.agents.process-records=target/cli-test-processes",
                "hub.agents.stop-grace-ms=3000",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {

    static final String DB = "target/cli-test.db";
    private static final int PORT = TestPorts.port("CliTest.http");
    private static final String LONG_TASK = "steps=2000 step-ms=50";

    private final HubHttp http = new HubHttp(PORT);
    private final ObjectMapper json = new ObjectMapper();

    static {
        TestDatabase.reset(DB);
    }

    private static CliProcess.Result descartes(String... args) throws Exception {
        return CliProcess.at(PORT).run(args);
    }

    private static CliProcess.Result ok(String... args) throws Exception {
        CliProcess.Result result = descartes(args);
        assertEquals(0, result.exit(), String.join(" ", args) + ": " + result);
        return result;
    }

    private String spawn(String name, String task) throws Exception {
        JsonNode spawned = json.readTree(ok("spawn", "-b", "demo", "-t", task, "-n", name, "--json").out());
        assertTrue(spawned.get("success").asBoolean(), spawned.toString());
        return spawned.get("agent_info").get("id").asText();
    }

    private String status(String agent) throws Exception {
        return http.send("GET", "/api/agents/" + agent, null).json().get("status").asText();
    }

    @Test
    void spawnListInspectPauseResumeStopAndKill() throws Exception {
        String agent = spawn("cli-agent", LONG_TASK);
        assertEquals("running", status(agent), "the hub runs what the CLI spawned");

        String table = ok("ps").out();
        assertTrue(table.lines().anyMatch(l -> l.startsWith(agent) && l.contains("cli-agent") && l.contains("running")
                && l.contains("demo")), table);
        assertTrue(table.startsWith("ID "), table);
        JsonNode listed = json.readTree(ok("list", "--json").out());
        assertTrue(listed.findValuesAsText("id").contains(agent), listed.toString());
        assertTrue(ok("status", agent).out().contains("status     running"));
        assertEquals("cli-agent", json.readTree(ok("--json", "status", agent).out()).get("name").asText(),
                "options before the command work too");

        assertEquals(agent + ": paused\n", ok("pause", agent).out());
        assertEquals("paused", status(agent));
        CliProcess.Result again = descartes("pause", agent);
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.err().contains("Cannot pause agent " + agent + ": it is paused (409)"), again.toString());
        assertEquals(agent + ": running\n", ok("resume", agent).out());
        assertEquals("running", status(agent));

        assertEquals(agent + ": terminated\n", ok("stop", agent).out());
        assertEquals("terminated", status(agent));
        assertFalse(ok("ps").out().contains(agent), "ps lists the agents that have not ended");
        assertTrue(ok("ps", "-a").out().lines().anyMatch(l -> l.startsWith(agent) && l.contains("terminated")));

        String other = spawn("cli-victim", LONG_TASK);
        assertEquals(other + ": terminated\n", ok("kill", other).out());
        JsonNode killed = http.send("GET", "/api/agents/" + other, null).json();
        assertEquals("terminated", killed.get("status").asText());
        assertEquals(137, killed.get("exit_code").asInt(), "SIGKILL: " + killed);
    }

    @Test
    void logsFollowPrintsTheOutputLiveAndEndsWithTheAgent() throws Exception {
        String agent = spawn("cli-logs", LONG_TASK);
        try (CliProcess follow = CliProcess.at(PORT).start("logs", "-f", "-n", "0", agent)) {
            Waits.await("a few steps printed").until(() -> follow.outLines().stream()
                    .filter(l -> l.startsWith("step ")).count() >= 3);
            assertEquals("running", status(agent), "printed while the agent runs");
            ok("stop", agent);
            assertEquals(0, follow.awaitExit(), "it ends when the agent has ended: " + follow.out() + follow.err());

            List<String> printed = follow.outLines().stream().filter(l -> !l.startsWith("[")).toList();
            List<String> recorded = new ArrayList<>();
            http.send("GET", "/api/agents/" + agent + "/output?stream=both&limit=1000", null).json().get("lines")
                    .forEach(l -> recorded.add(l.asText()));
            assertTrue(printed.size() >= 3, follow.out());
            assertEquals(recorded.subList(recorded.size() - printed.size(), recorded.size()), printed,
                    "the output from where it started to the end, each line once, in order");
            assertTrue(follow.out().contains("status_update: terminated"), follow.out());
        }
        String tail = ok("logs", "-n", "3", "--event-type", "log_stream", agent).out();
        assertEquals(3, tail.lines().count(), tail);
        assertTrue(ok("logs", "-f", "-n", "1", agent).out().startsWith("["), "following an agent that ended ends");
    }

    @Test
    void snapshotListAndRewindDryRunThenForReal() throws Exception {
        String spawned = ok("spawn", "-b", "demo", "-t", "steps=3 step-ms=20", "-n", "cli-rewind", "-f").out();
        String agent = spawned.substring("spawned ".length(), "spawned ".length() + 36);
        assertTrue(spawned.contains("step 3/3: working on steps=3 step-ms=20"), "spawn -f prints its output: " + spawned);
        assertTrue(spawned.contains("status_update: completed"), "and ends with it: " + spawned);
        assertEquals("completed", status(agent));
        Waits.await("its final snapshot").until(() -> TestDatabase.queryLong(DB,
                "SELECT count(*) FROM snapshots WHERE agent_id = '" + agent + "'") == 1);
        long automatic = TestDatabase.queryLong(DB, "SELECT id FROM snapshots WHERE agent_id = '" + agent + "'");

        JsonNode snapshot = json.readTree(ok("snapshot", agent, "-m", "taken by the cli", "--json").out());
        assertEquals("taken by the cli", snapshot.get("description").asText());
        String listed = ok("snapshots", agent).out();
        assertTrue(listed.lines().anyMatch(l -> l.startsWith(snapshot.get("id").asText() + " ")
                && l.contains("taken by the cli")), listed);
        assertTrue(listed.lines().anyMatch(l -> l.startsWith(automatic + " ")), listed);

        String rewindEvents = "SELECT count(*) FROM events WHERE event_type = 'rewind' AND agent_id = '" + agent + "'";
        String dryRun = ok("rewind", agent, "--snapshot", String.valueOf(automatic), "--dry-run").out();
        assertTrue(dryRun.startsWith("dry run, nothing changed: would rewind " + agent), dryRun);
        assertEquals(0, TestDatabase.queryLong(DB, rewindEvents), "a dry run changes nothing");
        assertEquals("completed", status(agent));

        String rewound = ok("rewind", agent, "--snapshot", String.valueOf(automatic)).out();
        assertTrue(rewound.startsWith("rewound " + agent), rewound);
        assertTrue(rewound.contains("backup of the workspace before: refs/descartes/backups/"), rewound);
        assertEquals(1, TestDatabase.queryLong(DB, rewindEvents));
        assertTrue(ok("status", agent).out().contains("status     terminated (rewound)"));
    }

    @Test
    void healthAndRunners() throws Exception {
        CliProcess.Result health = ok("health");
        assertTrue(health.out().startsWith("descartes-hub at http://127.0.0.1:" + PORT + ": UP"), health.toString());
        assertTrue(health.out().lines().anyMatch(l -> l.startsWith("database ") && l.contains("UP")), health.toString());
        assertEquals("UP", json.readTree(ok("health", "--json").out()).get("status").asText());
        List<String> events = ok("logs", "-n", "4", "--json").out().lines().toList();
        assertEquals(4, events.size(), "the hub's last events, one JSON line each: " + events);
        for (String event : events) {
            assertTrue(json.readTree(event).get("id").asLong() > 0, event);
        }

        assertTrue(ok("runners").out().startsWith("no remote runners"));
        try (RunnerProcess runner = RunnerProcess.start(Map.of(
                "hub.runner.id", "cli-runner",
                "hub.zmq.runner.address", TestPorts.tcp("CliTest.runner"),
                "hub.runner.command-address", TestPorts.tcp("CliTest.runner-command"),
                "hub.runner.labels", "gpu=true",
                "hub.runner.heartbeat-ms", "300",
                "hub.agents.workspace-root", "target/cli-test-runner-workspaces",
                "hub.agents.process-records", "target/cli-test-runner-processes"),
                HubProcess.logFile("cli-test-runner"))) {
            Waits.await("the runner registered").until(() -> "live".equals(TestDatabase.queryString(DB,
                    "SELECT coalesce(max(status), '') FROM runners WHERE id = 'cli-runner'")));
            String runners = ok("runners").out();
            assertTrue(runners.lines().anyMatch(l -> l.startsWith("cli-runner ") && l.contains(" live ")
                    && l.contains("gpu=true") && l.contains("demo")), runners);
            assertEquals("cli-runner", json.readTree(ok("runners", "--json").out()).get(0).get("id").asText());
        }
    }

    @Test
    void refusalsAndMistakesAreExplainedWithTheirExitCodes() throws Exception {
        CliProcess.Result wrongToken = CliProcess.at(PORT).env("DESCARTES_TOKEN", "not-the-token").run("ps");
        assertEquals(1, wrongToken.exit(), wrongToken.toString());
        assertTrue(wrongToken.err().contains("the hub refused the token (401 unauthorized): the one from --token or "
                + "DESCARTES_TOKEN is not the hub's"), wrongToken.toString());
        assertEquals("", wrongToken.out().strip());

        Path folder = Files.createDirectories(Path.of("target", "cli-test-folder", "data"));
        Files.deleteIfExists(folder.resolve("hub-token")); // left by an earlier run
        CliProcess.Result noToken = CliProcess.at(PORT).without("DESCARTES_TOKEN").in(folder.getParent()).run("ps");
        assertEquals(1, noToken.exit(), noToken.toString());
        assertTrue(noToken.err().contains("401 unauthorized): none was given"), noToken.toString());
        Files.writeString(folder.resolve("hub-token"), TestAuth.TOKEN + "\n");
        assertEquals(0, CliProcess.at(PORT).without("DESCARTES_TOKEN").in(folder.getParent()).run("ps").exit(),
                "the token file data/hub-token of the folder it runs in, as the hub writes it");

        String nobody = "00000000-0000-4000-8000-000000000001";
        for (String[] command : List.of(new String[] {"status", nobody}, new String[] {"pause", nobody},
                new String[] {"logs", nobody}, new String[] {"snapshot", nobody})) {
            CliProcess.Result unknown = descartes(command);
            assertEquals(1, unknown.exit(), unknown.toString());
            assertTrue(unknown.err().contains(nobody) && unknown.err().contains("(404)"), unknown.toString());
        }

        CliProcess.Result badId = descartes("status", "not-an-id");
        assertEquals(2, badId.exit(), badId.toString());
        assertTrue(badId.err().contains("cannot convert 'not-an-id' to UUID"), badId.toString());
        CliProcess.Result unknownCommand = descartes("frobnicate");
        assertEquals(2, unknownCommand.exit(), unknownCommand.toString());
        assertEquals(2, descartes("rewind", nobody).exit(), "a rewind needs a target");
        CliProcess.Result refused = descartes("spawn", "-b", "gpt-9", "-t", "x");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("unknown model_backend 'gpt-9'"), refused.toString());

        int nothing = TestPorts.port("CliTest.nothing-listens");
        CliProcess.Result down = CliProcess.at(nothing).run("ps");
        assertEquals(3, down.exit(), down.toString());
        assertTrue(down.err().contains("cannot reach the hub at http://127.0.0.1:" + nothing + ": connection refused"),
                down.toString());
    }
}
