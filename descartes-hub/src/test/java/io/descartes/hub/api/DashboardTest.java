package io.descartes.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.descartes.hub.app.HubApplication;
import io.descartes.hub.protocol.RunnerAck;
import io.descartes.hub.protocol.RunnerRegister;
import io.descartes.hub.testing.DescartesPeer;
import io.descartes.hub.testing.HeadlessChromium;
import io.descartes.hub.testing.HubHttp;
import io.descartes.hub.testing.Waits;
import io.descartes.hub.testing.TestAuth;
import io.descartes.hub.testing.TestDatabase;
import io.descartes.hub.testing.TestPorts;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/** The dashboard at / driven in headless Chromium against a real hub, and what of it is open without the token. */
@CamelMainTest(mainClass = HubApplication.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {TestAuth.PROPERTY, "hub.http.port={{test-port:DashboardTest.http}}",
                "hub.zmq.command.address=tcp://127.0.0.1:{{test-port:DashboardTest.command}}",
                "hub.zmq.runner.address=tcp://127.0.0.1:{{test-port:DashboardTest.runner}}",
                "hub.zmq.pub.address=tcp://127.0.0.1:{{test-port:DashboardTest.pub}}",
                "hub.db.url=jdbc:sqlite:" + DashboardTest.DB, "hub.agents.workspace-root=target/dashboard-workspaces",
                "hub.agents.stop-grace-ms=3000", "hub.runner.lost-after-ms=600000",
                "camel.main.routes-reload-enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest {

    static final String DB = "target/dashboard-test.db";
    private static final int PORT = TestPorts.port("DashboardTest.http");
    private static final String AGENT = "dash-agent";
    private static final String RUNNER_LINK = TestPorts.tcp("DashboardTest.runner");

    static {
        TestDatabase.reset(DB);
    }

    private final HubHttp http = new HubHttp(PORT);

    @Test
    void thePageAndItsFilesAreOpenTheDataIsNot() throws Exception {
        HubHttp.Reply page = http.send("GET", "/", null, null);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/dashboard/app.js"), page.body());
        assertTrue(page.response().headers().firstValue("Content-Security-Policy").orElse("").contains("connect-src 'self'"));
        for (String file : new String[] {"app.js", "api.js", "stream.js", "channels.js", "style.css"}) {
            assertEquals(200, http.send("GET", "/dashboard/" + file, null, null).status(), file);
        }
        for (String path : new String[] {"/api/agents", "/dashboard/../api/agents", "/dashboard-x", "/observe/metrics"}) {
            assertEquals(401, http.send("GET", path, null, null).status(), path);
        }
    }

    /**
     * What happened before the page opened: a finished agent with its times, exit code and no usable button,
     * its events at the top of the feed, a registered runner; then the ack latency of new events in the chart.
     */
    @Test
    void thePageShowsWhatHappenedBeforeItOpenedAndTheRunners() throws Exception {
        HubHttp.Reply spawned = http.send("POST", "/api/agents",
                HubHttp.json(Map.of("name", "dash-done", "model_backend", "demo", "task", "steps=2 step-ms=20 exit=3")));
        assertEquals(201, spawned.status(), spawned.body());
        String done = spawned.json().get("agent_info").get("id").asText();
        Waits.await("dash-done failed with its exit code").until(() -> "failed".equals(
                TestDatabase.queryString(DB, "SELECT coalesce(max(status), '') FROM agents WHERE id = '" + done + "'")));
        long lastEvent = TestDatabase.queryLong(DB, "SELECT max(id) FROM events WHERE agent_id = '" + done + "'");
        try (DescartesPeer runner = new DescartesPeer(RUNNER_LINK);
             HeadlessChromium chromium = new HeadlessChromium()) {
            // nothing listens at its address, and no spawn here asks for its backend
            assertTrue(assertInstanceOf(RunnerAck.class, runner.call(new RunnerRegister("dash-runner",
                    TestPorts.tcp("DashboardTest.runner-command"), 4, Map.of("zone", "a"),
                            List.of("gpu-model")))).known());

            DashboardPage page = new DashboardPage(chromium.driver());
            page.open("http://127.0.0.1:" + PORT + "/#token=" + TestAuth.TOKEN);
            page.waitForText(By.cssSelector("#events li[data-event-id='" + lastEvent + "']"),
                    "the finished agent's last event, recorded before the page opened", text -> text.contains("failed"));
            page.waitForText(DashboardPage.agentStatus(done), "the finished agent", "failed"::equals);
            page.waitForEnabledCommands(done, List.of());
            page.waitForText(DashboardPage.agentCell(done, "exit"), "its exit code", "3"::equals);
            page.waitForText(DashboardPage.agentCell(done, "started"), "its start time", text -> !text.isEmpty());
            page.waitForText(DashboardPage.agentCell(done, "ended"), "its end time", text -> !text.isEmpty());

            By runnerRow = By.cssSelector("#runners tr[data-runner-id='dash-runner']");
            String shownRunner = page.waitForText(runnerRow, "the registered runner", text -> text.contains("live"));
            assertTrue(shownRunner.contains(TestPorts.tcp("DashboardTest.runner-command"))
                    && shownRunner.contains("0/4")
                    && shownRunner.contains("zone=a") && shownRunner.contains("gpu-model"), shownRunner);

            page.spawn("dash-acks", "demo", "steps=2000 step-ms=20");
            page.waitForText(By.id("chart-legend"), "the ack latency of its events",
                    text -> text.matches(".*ack latency \\d+\\.\\d\\d ms.*"));
            page.control(page.agentId("dash-acks"), "kill");
        }
    }

    /**
     * The channels view: a channel with a stored conversation is listed, opening it shows the conversation, a person
     * sends into it from the page (stored once), and an agent's answer appears live.
     */
    @Test
    void aChannelsConversationIsShownLiveAndAPersonSendsIntoIt() throws Exception {
        busMessage("dash-plan", "planner", "plan ready");
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            DashboardPage page = new DashboardPage(chromium.driver());
            page.open("http://127.0.0.1:" + PORT + "/#token=" + TestAuth.TOKEN);
            page.openChannel("dash-room");
            page.waitForText(By.id("channel-state"), "the channel's stream live", "live"::equals);
            page.waitForText(By.id("conversation"), "the stored conversation", text -> text.contains("planner: plan ready"));

            page.sendToChannel("alice", "hello agents");
            page.waitForText(By.id("conversation"), "the person's message, back from the hub",
                    text -> text.contains("alice: hello agents"));
            busMessage("dash-answer", "coder", "on it");
            page.waitForText(By.id("conversation"), "the agent's answer, live", text -> text.contains("coder: on it"));
            assertEquals(1, TestDatabase.queryLong(DB, "SELECT count(*) FROM bus_messages WHERE channel = 'dash-room' "
                    + "AND sender = 'alice'"), "the person's message is stored once");
            assertEquals(3, page.shown(By.id("conversation")).lines().count(), "each message shown once");
        }
    }

    private void busMessage(String id, String sender, String text) throws Exception {
        HubHttp.Reply sent = http.send("POST", "/api/bus/messages", HubHttp.json(Map.of("id", id, "kind", "publish",
                "sender", sender, "channel", "dash-room", "payload", Map.of("text", text))));
        assertEquals(201, sent.status(), sent.body());
    }

    @Test
    void spawnWatchPauseSnapshotAndRewindAnAgentFromThePage() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            DashboardPage page = new DashboardPage(chromium.driver());
            page.open("http://127.0.0.1:" + PORT + "/#token=" + TestAuth.TOKEN);
            page.waitForText(By.id("stream-state"), "event stream live", "live"::equals);
            assertFalse(page.currentUrl().contains(TestAuth.TOKEN), "the token is dropped from the address");

            page.spawn(AGENT, "demo", "steps=2000 step-ms=200");
            String id = page.agentId(AGENT);
            page.waitForText(DashboardPage.agentStatus(id), "agent running", "running"::equals);
            page.waitForEnabledCommands(id, List.of("pause", "stop", "kill"));
            page.waitForText(By.cssSelector("#events li[data-agent-id='" + id + "'][data-event-type='log_stream']"),
                    "its output arriving in the event stream, with its time",
                    text -> text.contains("step ") && !text.contains("Invalid Date"));
            page.waitForText(By.id("output"), "its output in the output panel", text -> text.contains("step 2/2000"));
            page.waitForText(By.id("chart-legend"), "an event rate in the chart", text -> text.matches("events/s \\d.*"));

            resumingTheFeedMissesNothing(page, id);

            page.filter(id, "status_update");
            page.control(id, "pause");
            page.waitForText(DashboardPage.agentStatus(id), "agent paused", "paused"::equals);
            page.waitForEnabledCommands(id, List.of("resume", "stop", "kill"));
            page.waitForText(By.cssSelector("#events li"), "the paused status in the filtered stream",
                    text -> text.contains("status_update") && text.contains("paused"));
            assertTrue(page.shownEventTypes().stream().allMatch("status_update"::equals), page.shownEventTypes().toString());

            page.click(By.id("snapshot-take"));
            String taken = page.waitForText(By.id("rewind-result"), "snapshot taken", text -> text.startsWith("snapshot #"));
            String snapshotId = taken.replaceAll("^snapshot #(\\d+) .*", "$1");
            By snapshot = By.cssSelector("#timeline li.snapshot[data-snapshot-id='" + snapshotId + "']");
            page.waitForText(snapshot, "the snapshot in the timeline", text -> text.contains("from the dashboard"));
            page.waitForText(By.cssSelector("#timeline li.snapshot"), "the snapshot the pause triggered, before it",
                    text -> text.contains("status paused"));

            // more work after the snapshot, so that the rewind has files to bring back
            page.control(id, "resume");
            page.waitForText(DashboardPage.agentStatus(id), "agent running again", "running"::equals);
            String before = page.waitForText(By.id("output"), "output", text -> text.contains("step "));
            page.waitForText(By.id("output"), "new steps after the snapshot", text -> !text.equals(before));
            page.control(id, "pause");
            page.waitForText(DashboardPage.agentStatus(id), "agent paused again", "paused"::equals);

            page.click(By.cssSelector("#timeline li.snapshot[data-snapshot-id='" + snapshotId + "'] button.rewind-preview"));
            String preview = page.waitForText(By.id("rewind-summary"), "the dry run's preview",
                    text -> text.contains("target: snapshot #" + snapshotId));
            assertTrue(preview.contains("~ progress.txt"), preview);
            assertTrue(preview.contains("status: paused → "), preview);
            assertTrue(http.send("GET", "/api/events?event_type=rewind", null).json()
                    .get("events").isEmpty(), "a dry run changes nothing");

            page.click(By.id("rewind-confirm"));
            String result = page.waitForText(By.id("rewind-result"), "the rewind done",
                    text -> text.startsWith("rewound to snapshot #" + snapshotId));
            assertTrue(result.contains("backup: refs/descartes/backups/"), result);
            page.waitForText(By.id("rewind-preview"), "the preview closed", String::isEmpty);
            assertEquals("", page.shown(By.id("notice")), "no error shown on the way");
            assertEquals("", page.shown(By.id("token-form")), "the token was taken from the address");
            page.screenshot(Path.of("target/dashboard.png"));
            assertTrue(Files.size(Path.of("target/dashboard.png")) > 0);

            page.control(id, "kill");
            page.waitForText(DashboardPage.agentStatus(id), "agent killed", "terminated"::equals);
        }
    }

    /**
     * Pauses the page's feed while the agent keeps working, then resumes it: the page shows every event
     * of the agent the hub stored, in order, once, across the pause.
     */
    private void resumingTheFeedMissesNothing(DashboardPage page, String agentId) throws Exception {
        page.click(By.id("feed-toggle"));
        page.waitForText(By.id("stream-state"), "feed paused", "paused"::equals);
        List<Long> beforePause = page.shownEventIds(agentId);
        long lastShown = beforePause.get(beforePause.size() - 1);
        Waits.await("events stored while the feed is paused").until(() -> !storedEventIds(agentId,
                lastShown).isEmpty());
        List<Long> missed = storedEventIds(agentId, lastShown);
        page.click(By.id("feed-toggle"));
        page.waitForText(By.id("stream-state"), "feed live again", "live"::equals);
        Waits.await("the missed events shown").until(() -> page.shownEventIds(agentId).containsAll(missed));

        List<Long> shown = page.shownEventIds(agentId);
        long last = shown.get(shown.size() - 1);
        List<Long> stored = storedEventIds(agentId, shown.get(0) - 1).stream().filter(event -> event <= last).toList();
        assertEquals(stored, shown, "no gap, no duplicate, in order");
    }

    private List<Long> storedEventIds(String agentId, long after) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (JsonNode event : http.send("GET", "/api/events?agent_id=" + agentId + "&after=" + after + "&limit=1000", null)
                .json().get("events")) {
            ids.add(event.get("id").asLong());
        }
        return ids;
    }
}
